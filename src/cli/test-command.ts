import type { Command } from 'commander';
import { KafkaOssError, UsageError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';
import { parseDuration } from './durations.js';
import type { ConnectionFlags } from '../kafka/connection-flags.js';

interface TestOptions extends GlobalOptions, ConnectionFlags {
  fromFile?: string;
  partition: string;
  key: string;
  value: string;
  timeout: string;
}

export function register(program: Command): void {
  program
    .command('test [name]')
    .description('send a test message to the source topic and wait until it is in OSS; print the object, the record and the latency')
    .option('--from-file <definition.json>', 'the definition (default: kafka-oss.<name>.json)')
    .option('--partition <n>', 'partition of the test message', '0')
    .option('--key <key>', 'message key', '1')
    .option('--value <value>', 'message value', '1')
    .option('--timeout <duration>', 'how long to wait, e.g. 60s or 2m', '60s')
    .option('--bootstrap-servers <list>', "brokers to produce to (default: the profile's, else the instance's endpoint)")
    .option('--sasl-mechanism <mechanism>', 'plain, scram-sha-256 or scram-sha-512 (password from KAFKA_OSS_SASL_PASSWORD or stdin)')
    .option('--sasl-username <user>', 'SASL user')
    .option('--tls', 'connect with TLS')
    .option('--ca-file <pem>', 'CA certificate for TLS')
    .addHelpText('after', `\nExit codes: 0 the record is in OSS; 1 it never arrived (a diagnosis follows); 2 bad input.\n${examples([
      ['kafka-oss test orders', 'send key=1 value=1 to partition 0 and wait for it in OSS'],
      ['kafka-oss test orders --partition 2 --value hello --timeout 2m --output json', 'another partition and value; the result as JSON'],
    ])}`)
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      await runTest(name, cmd.optsWithGlobals<TestOptions>());
    });
}

async function runTest(name: string | undefined, options: TestOptions): Promise<void> {
  const problems: string[] = [];
  const partition = Number(options.partition);
  if (!/^\d+$/.test(options.partition)) problems.push(`--partition: must be a partition number ≥ 0 (got ${JSON.stringify(options.partition)})`);
  const timeoutMs = parseDuration(options.timeout);
  if (timeoutMs === undefined || timeoutMs <= 0) problems.push(`--timeout: must be a duration such as 60s, 2m or 1500ms (got ${JSON.stringify(options.timeout)})`);
  if (problems.length > 0) throw new UsageError(problems);

  const { loadDefinition, commandTarget } = await import('./connector-input.js');
  const definition = await loadDefinition(name, options.fromFile, options);
  const { AlikafkaApi } = await import('../cloud/alikafka.js');
  const target = await commandTarget(options, definition);
  const instance = (await new AlikafkaApi(target).listInstances()).find((i) => i.instanceId === definition.instanceId);
  if (!instance) throw new UsageError(`--instance-id: instance ${definition.instanceId} is not in region ${target.regionId}`);
  const bootstrapServers = options.bootstrapServers ?? target.kafkaBootstrapServers ?? instance.endpoints.plaintext;

  const { connectionFromFlags, readSaslPassword } = await import('../kafka/connection-flags.js');
  const connection = connectionFromFlags({ ...options, ...(bootstrapServers ? { bootstrapServers } : {}) });
  if (!connection.options) throw new UsageError(connection.problems);
  const { sasl, ...rest } = connection.options;
  const password = sasl ? await readSaslPassword(process.env, process.stdin) : undefined;
  if (sasl && !password) throw new UsageError('the SASL password is required: set KAFKA_OSS_SASL_PASSWORD or pipe it on standard input');
  const { createKafkaClient } = await import('../kafka/index.js');
  const kafka = createKafkaClient({ ...rest, ...(sasl && password ? { sasl: { ...sasl, password } } : {}), clientId: 'kafka-oss-test' });
  const { createOssBucketClient } = await import('../cloud/oss.js');
  const key = await target.accessKey();
  const oss = createOssBucketClient({ bucket: definition.bucket, endpoint: target.ossEndpoint, region: target.regionId, ...key, timeoutMs: 20_000 });
  const { verifyDelivery, DeliveryTimeout } = await import('../deploy/verify.js');
  const json = options.output === 'json';
  try {
    const topic = await kafka.describeTopic(definition.sourceTopic);
    if (!topic) throw new UsageError(`source topic ${definition.sourceTopic} does not exist on ${bootstrapServers}`);
    if (partition >= topic.partitions) throw new UsageError(`--partition: must be below ${topic.partitions}, the partition count of ${definition.sourceTopic} (got ${partition})`);
    if (!json) process.stderr.write(`Sending key=${options.key} value=${options.value} to ${definition.sourceTopic}[${partition}] and waiting for oss://${definition.bucket}/ …\n`);
    const delivery = await verifyDelivery({ kafka, oss, definition, message: { partition, key: options.key, value: options.value }, timeoutMs: timeoutMs! });
    if (json) process.stdout.write(`${JSON.stringify({ ok: true, ...delivery }, null, 2)}\n`);
    else {
      process.stdout.write(
        `Delivered in ${(delivery.latencyMs / 1000).toFixed(1)} s\n` +
          `  produced  ${delivery.produced.topic}[${delivery.produced.partition}] offset ${delivery.produced.offset}\n` +
          `  object    oss://${definition.bucket}/${delivery.objectName}\n` +
          `  record    ${JSON.stringify(delivery.record)}\n`,
      );
    }
  } catch (err) {
    if (err instanceof DeliveryTimeout) {
      const d = err.diagnosis;
      if (json) process.stdout.write(`${JSON.stringify({ ok: false, reason: err.message, diagnosis: d }, null, 2)}\n`);
      throw new KafkaOssError(
        `${err.message}\n  produced: yes, ${d.produced.topic}[${d.produced.partition}] offset ${d.produced.offset}\n` +
          `  consumed by ${definition.taskGroup}: ${d.consumed ? 'yes' : 'no'}${d.committedOffset !== undefined ? ` (committed offset ${d.committedOffset})` : ''}\n` +
          `  objects in the partition's folder: ${d.objectsInPartition}\n${d.hints.map((h) => `  → ${h}`).join('\n')}`,
      );
    }
    throw err;
  } finally {
    await kafka.close();
  }
}
