import type { Command } from 'commander';
import { EXIT_CANCELLED, EXIT_FAILURE, EXIT_TERMINATED, UsageError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';
import type { ConnectionFlags } from '../kafka/connection-flags.js';
import type { SinkRunFlags, SinkRunRequest } from './sink-run-request.js';
import type { DefinitionInput } from '../definition/definition.js';
import type { CloudTarget } from '../cloud/target.js';
import { connectorNameRules, firstProblem } from '../definition/rules.js';
import type { KafkaDataClient } from '../kafka/client.js';
import type { OssBucketClient } from '../cloud/oss.js';
import { examples } from './help-examples.js';

type SinkRunOptions = SinkRunFlags & ConnectionFlags & { untilCaughtUp?: boolean } & GlobalOptions;

/** `kafka-oss sink run`: the bundled sink engine, consuming from any Kafka and writing to OSS, on this machine. */
export function register(program: Command): void {
  const sink = program.command('sink').description('the sink engine (Kafka → OSS), run locally');
  sink
    .command('run [name]')
    .description('consume the source topic with group connect-<name> and write objects to the bucket until stopped')
    .addHelpText('after', examples([
      ['kafka-oss sink run orders --profile local', 'the connector\'s sink on this machine, from kafka-oss.orders.json or its cloud record (secret from KAFKA_OSS_ACCESS_KEY_SECRET)'],
      ['kafka-oss sink run backfill --topic orders --bucket my-bucket --access-key-id LTAI… --bootstrap-servers H:9092 --oss-endpoint https://oss-cn-hangzhou.aliyuncs.com --offset-reset earliest --until-caught-up', 'a one-off backfill that stops at the end of the topic'],
    ]))
    .option('--from-file <path>', 'the connector definition (default: kafka-oss.<name>.json here, else the connector\'s cloud record)')
    .option('--bootstrap-servers <list>', "brokers, host:port[,host:port…] (default: the profile's, else the instance's endpoint)")
    .option('--sasl-mechanism <mechanism>', 'plain, scram-sha-256 or scram-sha-512 (password from KAFKA_OSS_SASL_PASSWORD or stdin)')
    .option('--sasl-username <name>', 'SASL user name')
    .option('--tls', 'connect to Kafka with TLS')
    .option('--ca-file <path>', 'PEM file of the CA that signed the brokers (implies --tls)')
    .option('--topic <name>', 'source topic (overrides the definition)')
    .option('--group <id>', 'consumer group (default connect-<name>)')
    .option('--offset-reset <position>', 'latest or earliest, for partitions without a committed offset')
    .option('--concurrency <n>', 'partitions processed at the same time')
    .option('--bucket <name>', 'target bucket')
    .option('--oss-endpoint <url>', "OSS endpoint (default: the profile's, else the region's)")
    .option('--access-key-id <id>', 'AccessKey for OSS (secret from KAFKA_OSS_ACCESS_KEY_SECRET)')
    .option('--prefix <prefix>', 'object name prefix (default: <name>/, where the deployed function writes; "" for none)')
    .option('--time-path <layout>', 'none, day ({yyyy}/{MM}/{dd}) or hour, from the first record of each object', 'none')
    .option('--failure-policy <policy>', 'log (bad records to the error topic) or fail (stop the partition)')
    .option('--error-topic <name>', 'where the log policy sends bad records')
    .option('--max-records <n>', 'records per object', '10000')
    .option('--max-bytes <n>', 'bytes per object', String(4 * 1024 * 1024))
    .option('--max-value-bytes <n>', 'values above are cut and flagged', String(256 * 1024))
    .option('--flush-interval-ms <ms>', 'close an object this long after its first record', '10000')
    .option('--until-caught-up', 'stop once every partition has reached its end (for CI and backfills)')
    .action(async (name: string | undefined, _flags: unknown, command: Command) => {
      process.exitCode = await runSink(name, command.optsWithGlobals<SinkRunOptions>());
    });
}

async function runSink(nameArg: string | undefined, flags: SinkRunOptions): Promise<number> {
  const { config, connection, password } = await sinkRunInput(nameArg, flags);
  const json = flags.output === 'json';
  const live = !json && Boolean(process.stderr.isTTY);
  const log = (line: string) => process.stderr.write(json ? `${JSON.stringify({ event: 'log', message: line })}\n` : `${line}\n`);
  const { createKafkaClient } = await import('./sink-engine.js');
  const { sasl, ...rest } = connection;
  const kafka = createKafkaClient({ ...rest, ...(sasl && password ? { sasl: { ...sasl, password } } : {}), clientId: `kafka-oss-sink-${config.name ?? config.groupId}`, log });
  const aborter = new AbortController();
  let run: Awaited<ReturnType<typeof startLocalSink>>;
  try {
    run = await startLocalSink(config, kafka, { json, live, log, untilCaughtUp: Boolean(flags.untilCaughtUp), signal: aborter.signal });
  } catch (err) {
    await kafka.close();
    throw err;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // Safe as a kill -9 is: objects are named by their first offset, so the next run rewrites what was not committed.
      process.stderr.write(`kafka-oss: ${signal} again: stopped at once; what was not committed is exported again by the next run\n`);
      process.exit(signal === 'SIGINT' ? EXIT_CANCELLED : EXIT_TERMINATED);
    }
    stopping = true;
    log(`${signal}: closing the open objects and committing their offsets (${signal === 'SIGINT' ? 'Ctrl-C' : signal} again stops at once)`);
    aborter.abort();
    void run.stop();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const outcome = await run.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await kafka.close();
  if (live) process.stderr.write('\n');
  if (json) process.stdout.write(`${JSON.stringify({ event: 'stopped', ...outcome })}\n`);
  else {
    process.stdout.write(`wrote ${outcome.records} records in ${outcome.objects} objects (${outcome.bytes} bytes) to oss://${config.bucket}/${config.settings.naming.prefix}\n`);
    for (const f of outcome.failedPartitions) process.stdout.write(`partition ${f.topic}[${f.partition}] stopped at offset ${f.offset}: ${f.reason}\n`);
  }
  if (outcome.fatal) process.stderr.write(`kafka-oss: ${outcome.fatal}\n`);
  return outcome.fatal || outcome.failedPartitions.length > 0 ? EXIT_FAILURE : 0;
}

/** The checked request, the Kafka connection and the SASL password; every problem at once (exit 2). */
async function sinkRunInput(nameArg: string | undefined, flags: SinkRunOptions) {
  const { connectionFromFlags, readSaslPassword, SASL_PASSWORD_ENV, resolveSinkRun } = await import('./sink-engine.js');
  const source = await connectorSource(nameArg, flags);
  const request = resolveSinkRun({
    ...(nameArg ? { name: nameArg } : {}), flags, env: process.env,
    ...(source.file ? { file: source.file } : {}),
    ...(source.target ? { target: { ossEndpoint: source.target.ossEndpoint, regionId: source.target.regionId } } : {}),
  });
  const bootstrapServers = flags.bootstrapServers ?? source.bootstrapServers;
  const connection = connectionFromFlags({ ...flags, ...(bootstrapServers ? { bootstrapServers } : {}) });
  const problems = [...request.problems, ...connection.problems];
  let password: string | undefined;
  if (connection.options?.sasl && problems.length === 0) {
    password = await readSaslPassword(process.env, process.stdin);
    if (!password) problems.push(`SASL password: set ${SASL_PASSWORD_ENV} or pipe it on stdin`);
  }
  if (problems.length > 0 || !connection.options || !request.config) throw new UsageError(problems);
  return { config: request.config, connection: connection.options, password };
}

/**
 * What `sink run` knows of the connector besides its flags: the definition (`--from-file`, else
 * `kafka-oss.<name>.json` here, else the cloud record), and from the cloud target (`--profile`, the region)
 * the OSS endpoint and the brokers (the profile's, else the instance's endpoint). The cloud is asked only
 * when a profile is named or something the flags do not give is needed from it.
 */
/** Only a name that keeps the rules can have a record; a bad one is reported with the other flags. */
function isConnectorName(name: string): boolean {
  return firstProblem(connectorNameRules, name) === undefined;
}

interface ConnectorSource {
  file?: { input: DefinitionInput; regionId?: string; problems: string[] };
  target?: CloudTarget;
  bootstrapServers?: string;
}

async function connectorSource(name: string | undefined, flags: SinkRunOptions): Promise<ConnectorSource> {
  const { existsSync } = await import('node:fs');
  // the definition file's reader loads zod (~0.2 CPU-s): only when there is a file to read
  const { defaultDefinitionPath } = await import('../definition/names.js');
  const path = flags.fromFile ?? (name && existsSync(defaultDefinitionPath(name)) ? defaultDefinitionPath(name) : undefined);
  let file: { input: DefinitionInput; regionId?: string; problems: string[] } | undefined = path ? await (await import('./definition-file.js')).readDefinitionFile(path) : undefined;
  const region = flags.region ?? file?.regionId ?? process.env.ALIBABA_CLOUD_REGION_ID;
  const cloudKnown = Boolean(flags.profile || region);
  const needsRecord = cloudKnown && !file && name !== undefined && isConnectorName(name) && (!flags.topic || !flags.bucket);
  if (!flags.profile && !needsRecord && (flags.bootstrapServers || !region)) return { ...(file ? { file } : {}) };
  const { commandTarget, recordedDefinition } = await import('./connector-input.js');
  const target = await commandTarget({ ...flags, ...(region ? { region } : {}) });
  let instance;
  if (!file && name !== undefined && isConnectorName(name)) {
    const found = await recordedDefinition(name, { ...flags, ...(region ? { region } : {}) });
    if (found.definition) {
      const { definitionToInput } = await import('../definition/definition.js');
      file = { input: definitionToInput(found.definition), regionId: target.regionId, problems: [] };
      instance = found.instance;
    } else if (needsRecord) {
      throw new UsageError(`no connector named ${JSON.stringify(name)}: no ${defaultDefinitionPath(name)} here and no record of it in region ${target.regionId}; give --from-file, or --topic and --bucket to run the sink without a connector`);
    }
  }
  let bootstrapServers = flags.bootstrapServers ?? target.kafkaBootstrapServers;
  const instanceId = file?.input.instanceId;
  if (!bootstrapServers && instanceId) {
    instance ??= await (async () => {
      const { AlikafkaApi } = await import('../cloud/alikafka.js');
      return (await new AlikafkaApi(target).listInstances()).find((i) => i.instanceId === instanceId);
    })();
    bootstrapServers = instance?.endpoints.plaintext;
  }
  return { ...(file ? { file } : {}), target, ...(bootstrapServers ? { bootstrapServers } : {}) };
}

/** Starts the sink engine on this machine: the error-topic reporter, the OSS writer, progress output. */
async function startLocalSink(
  config: SinkRunRequest,
  kafka: KafkaDataClient,
  io: { json: boolean; live: boolean; log: (line: string) => void; untilCaughtUp: boolean; signal: AbortSignal },
) {
  const { KafkaNotFoundError, ossObjectWriter, errorTopicReporter, startSink, progressLine } = await import('./sink-engine.js');
  const { errorTopic, settings, log } = { ...config, log: io.log };
  let reporter;
  if (errorTopic && (await kafka.describeTopic(errorTopic))) reporter = errorTopicReporter(kafka, errorTopic);
  else if (errorTopic && config.errorTopicRequired) throw new KafkaNotFoundError(`--error-topic: topic "${errorTopic}" does not exist`);
  else if (errorTopic) log(`error topic "${errorTopic}" does not exist: bad records are only logged`);
  const oss = bucketClientOnFirstUse(config.bucket, async () => {
    const { createOssBucketClient } = await import('../cloud/oss.js');
    return createOssBucketClient({
      bucket: config.bucket, accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret,
      ...(config.ossEndpoint ? { endpoint: config.ossEndpoint } : {}), ...(config.region ? { region: config.region } : {}),
    });
  });
  return startSink({
    kafka,
    writer: ossObjectWriter(oss, { prefix: settings.naming.prefix, log, signal: io.signal }),
    settings,
    topic: config.topic,
    groupId: config.groupId,
    fromBeginning: config.fromBeginning,
    concurrency: config.concurrency,
    ...(reporter ? { reporter } : {}),
    log,
    untilCaughtUp: io.untilCaughtUp,
    onProgress: (progress) => {
      if (io.json) process.stdout.write(`${JSON.stringify({ event: 'progress', ...progress })}\n`);
      else if (io.live) process.stderr.write(`\r\u001b[2K${progressLine(progress)}`);
    },
  });
}

/**
 * The bucket client, made when first used: ali-oss takes ~0.25 CPU-s to load, which the first fetch need not wait
 * for (the first PUT comes when the first object closes). The request was checked already (region included).
 */
function bucketClientOnFirstUse(bucket: string, make: () => Promise<OssBucketClient>): OssBucketClient {
  let client: Promise<OssBucketClient> | undefined;
  const use = () => (client ??= make());
  return {
    bucket,
    put: async (name, body, options) => (await use()).put(name, body, options),
    get: async (name) => (await use()).get(name),
    head: async (name) => (await use()).head(name),
    list: async (prefix, options) => (await use()).list(prefix, options),
    listAll: async (prefix) => (await use()).listAll(prefix),
    delete: async (name) => (await use()).delete(name),
  };
}
