import type { Command } from 'commander';
import { EXIT_FAILURE, UsageError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';

interface SinkRunFlags {
  fromFile?: string;
  bootstrapServers?: string;
  saslMechanism?: string;
  saslUsername?: string;
  tls?: boolean;
  caFile?: string;
  topic?: string;
  group?: string;
  offsetReset?: string;
  concurrency?: string;
  bucket?: string;
  ossEndpoint?: string;
  accessKeyId?: string;
  prefix?: string;
  timePath?: string;
  failurePolicy?: string;
  errorTopic?: string;
  maxRecords?: string;
  maxBytes?: string;
  maxValueBytes?: string;
  flushIntervalMs?: string;
  untilCaughtUp?: boolean;
}

/** `kafka-oss sink run`: the bundled sink engine, consuming from any Kafka and writing to OSS, on this machine. */
export function register(program: Command): void {
  const sink = program.command('sink').description('the sink engine (Kafka → OSS), run locally');
  sink
    .command('run [name]')
    .description('consume the source topic with group connect-<name> and write objects to the bucket until stopped')
    .option('--from-file <path>', 'connector definition file as `create` records it (name, sourceTopic, offsetReset, concurrency, bucket, accessKeyId, failurePolicy, topics.error)')
    .option('--bootstrap-servers <list>', 'brokers, host:port[,host:port…]')
    .option('--sasl-mechanism <mechanism>', 'plain, scram-sha-256 or scram-sha-512 (password from KAFKA_OSS_SASL_PASSWORD or stdin)')
    .option('--sasl-username <name>', 'SASL user name')
    .option('--tls', 'connect to Kafka with TLS')
    .option('--ca-file <path>', 'PEM file of the CA that signed the brokers (implies --tls)')
    .option('--topic <name>', 'source topic (overrides the definition)')
    .option('--group <id>', 'consumer group (default connect-<name>)')
    .option('--offset-reset <position>', 'latest or earliest, for partitions without a committed offset')
    .option('--concurrency <n>', 'partitions processed at the same time')
    .option('--bucket <name>', 'target bucket')
    .option('--oss-endpoint <url>', 'OSS endpoint (default: from --region)')
    .option('--access-key-id <id>', 'AccessKey for OSS (secret from KAFKA_OSS_ACCESS_KEY_SECRET)')
    .option('--prefix <prefix>', 'object name prefix', '')
    .option('--time-path <layout>', 'none, day ({yyyy}/{MM}/{dd}) or hour, from the first record of each object', 'none')
    .option('--failure-policy <policy>', 'log (bad records to the error topic) or fail (stop the partition)')
    .option('--error-topic <name>', 'where the log policy sends bad records')
    .option('--max-records <n>', 'records per object', '10000')
    .option('--max-bytes <n>', 'bytes per object', String(4 * 1024 * 1024))
    .option('--max-value-bytes <n>', 'values above are cut and flagged', String(256 * 1024))
    .option('--flush-interval-ms <ms>', 'close an object this long after its first record', '10000')
    .option('--until-caught-up', 'stop once every partition has reached its end (for CI and backfills)')
    .action(async (name: string | undefined, _flags: SinkRunFlags, command: Command) => {
      process.exitCode = await runSink(name, command.optsWithGlobals<SinkRunFlags & GlobalOptions>());
    });
}

async function runSink(nameArg: string | undefined, flags: SinkRunFlags & GlobalOptions): Promise<number> {
  const { connectionFromFlags, readSaslPassword, SASL_PASSWORD_ENV } = await import('../kafka/connection-flags.js');
  const { runnerDefinition } = await import('../sink/definition.js');
  const { readDefinitionFile } = await import('./definition-file.js');
  const { DEFAULT_SINK_SETTINGS, validateSinkSettings } = await import('../sink/settings.js');
  const problems: string[] = [];
  const file = flags.fromFile ? runnerDefinition(await readDefinitionFile(flags.fromFile)) : { definition: {}, problems: [] };
  problems.push(...file.problems);
  const definition = file.definition;
  const name = nameArg ?? definition.name;
  if (name !== undefined && !/^[0-9a-z][0-9a-z-]{0,47}$/.test(name)) {
    problems.push(`name: digits, lowercase letters and "-", not starting with "-", at most 48 characters (got "${name}")`);
  }
  const connection = connectionFromFlags(flags);
  problems.push(...connection.problems);
  const topic = flags.topic ?? definition.sourceTopic;
  if (!topic) problems.push('--topic: is required (or sourceTopic in --from-file)');
  const groupId = flags.group ?? (name ? `connect-${name}` : undefined);
  if (!groupId) problems.push('name: is required to derive the group connect-<name> (or give --group)');
  const offsetReset = flags.offsetReset ?? definition.offsetReset ?? 'latest';
  if (offsetReset !== 'latest' && offsetReset !== 'earliest') problems.push(`--offset-reset: must be latest or earliest (got "${offsetReset}")`);
  const concurrency = integer('--concurrency', flags.concurrency ?? definition.concurrency ?? 6, problems);
  const bucket = flags.bucket ?? definition.bucket;
  if (!bucket) problems.push('--bucket: is required (or bucket in --from-file)');
  else if (!/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)) problems.push(`--bucket: 3–63 lowercase letters, digits and "-", starting and ending with a letter or digit (got "${bucket}")`);
  const region = flags.region ?? definition.regionId;
  if (!flags.ossEndpoint && !region) problems.push('--oss-endpoint or --region: one is required');
  else if (!region && flags.ossEndpoint && !(await import('../cloud/oss-endpoint.js')).regionOfOssEndpoint(flags.ossEndpoint)) {
    problems.push(`--region: is required when --oss-endpoint names no region (OSS requests are signed V4); got ${flags.ossEndpoint}`);
  }
  const accessKeyId = flags.accessKeyId ?? definition.accessKeyId ?? process.env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const accessKeySecret = process.env.KAFKA_OSS_ACCESS_KEY_SECRET ?? process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeyId) problems.push('--access-key-id: is required (or accessKeyId in --from-file)');
  if (!accessKeySecret) problems.push('KAFKA_OSS_ACCESS_KEY_SECRET: must hold the AccessKey secret');
  const failurePolicy = flags.failurePolicy ?? definition.failurePolicy ?? 'log';
  const errorTopic = flags.errorTopic ?? definition.errorTopic;
  const settings = {
    ...DEFAULT_SINK_SETTINGS,
    naming: { prefix: flags.prefix ?? '', timePath: (flags.timePath ?? 'none') as 'none' },
    failurePolicy: failurePolicy as 'log',
    maxRecordsPerObject: integer('--max-records', flags.maxRecords ?? '10000', problems),
    maxBytesPerObject: integer('--max-bytes', flags.maxBytes ?? String(4 * 1024 * 1024), problems),
    maxValueBytes: integer('--max-value-bytes', flags.maxValueBytes ?? String(256 * 1024), problems),
    flushIntervalMs: integer('--flush-interval-ms', flags.flushIntervalMs ?? '10000', problems),
  };
  const flagNames: Record<string, string> = { failurePolicy: '--failure-policy', timePath: '--time-path', prefix: '--prefix' };
  for (const problem of validateSinkSettings(settings)) {
    const field = problem.slice(0, problem.indexOf(':'));
    if (flagNames[field]) problems.push(`${flagNames[field]}${problem.slice(field.length)}`);
  }
  if (flags.output !== 'text' && flags.output !== 'json') problems.push(`--output: must be text or json (got "${flags.output}")`);
  let password: string | undefined;
  if (connection.options?.sasl && problems.length === 0) {
    password = await readSaslPassword(process.env, process.stdin);
    if (!password) problems.push(`SASL password: set ${SASL_PASSWORD_ENV} or pipe it on stdin`);
  }
  if (problems.length > 0 || !connection.options || !topic || !groupId || !bucket || !accessKeyId || !accessKeySecret) throw new UsageError(problems);

  const { createKafkaClient } = await import('../kafka/kafkajs-client.js');
  const { KafkaNotFoundError } = await import('../kafka/errors.js');
  const { createOssBucketClient } = await import('../cloud/oss.js');
  const { ossObjectWriter } = await import('../sink/object-writer.js');
  const { errorTopicReporter } = await import('../sink/error-topic.js');
  const { startSink } = await import('../sink/runner.js');
  const { progressLine } = await import('../sink/progress.js');

  const json = flags.output === 'json';
  const log = (line: string) => process.stderr.write(json ? `${JSON.stringify({ event: 'log', message: line })}\n` : `${line}\n`);
  const { sasl, ...rest } = connection.options;
  const kafka = createKafkaClient({ ...rest, ...(sasl && password ? { sasl: { ...sasl, password } } : {}), clientId: `kafka-oss-sink-${name ?? groupId}`, log });
  const aborter = new AbortController();
  const oss = createOssBucketClient({ bucket, accessKeyId, accessKeySecret, ...(flags.ossEndpoint ? { endpoint: flags.ossEndpoint } : {}), ...(region ? { region } : {}) });
  const live = !json && process.stderr.isTTY;
  let run;
  try {
    let reporter;
    if (errorTopic && (await kafka.describeTopic(errorTopic))) reporter = errorTopicReporter(kafka, errorTopic);
    else if (errorTopic && flags.errorTopic) throw new KafkaNotFoundError(`--error-topic: topic "${errorTopic}" does not exist`);
    else if (errorTopic) log(`error topic "${errorTopic}" does not exist: bad records are only logged`);
    run = await startSink({
      kafka,
      writer: ossObjectWriter(oss, { prefix: settings.naming.prefix, log, signal: aborter.signal }),
      settings,
      topic,
      groupId,
      fromBeginning: offsetReset === 'earliest',
      concurrency,
      ...(reporter ? { reporter } : {}),
      log,
      untilCaughtUp: Boolean(flags.untilCaughtUp),
      onProgress: (progress) => {
        if (json) process.stdout.write(`${JSON.stringify({ event: 'progress', ...progress })}\n`);
        else if (live) process.stderr.write(`\r\u001b[2K${progressLine(progress)}`);
      },
    });
  } catch (err) {
    await kafka.close();
    throw err;
  }
  const stop = () => {
    aborter.abort();
    void run.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const outcome = await run.done;
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  await kafka.close();
  if (live) process.stderr.write('\n');
  if (json) process.stdout.write(`${JSON.stringify({ event: 'stopped', ...outcome })}\n`);
  else {
    process.stdout.write(`wrote ${outcome.records} records in ${outcome.objects} objects (${outcome.bytes} bytes) to oss://${bucket}/${settings.naming.prefix}\n`);
    for (const f of outcome.failedPartitions) process.stdout.write(`partition ${f.topic}[${f.partition}] stopped at offset ${f.offset}: ${f.reason}\n`);
  }
  if (outcome.fatal) process.stderr.write(`kafka-oss: ${outcome.fatal}\n`);
  return outcome.fatal || outcome.failedPartitions.length > 0 ? EXIT_FAILURE : 0;
}

function integer(flag: string, value: string | number, problems: string[]): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) problems.push(`${flag}: must be a positive integer (got "${value}")`);
  return n;
}
