import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';
import type { ConnectionFlags } from '../kafka/connection-flags.js';

interface SendMessageFlags extends ConnectionFlags {
  topic?: string;
  partition?: string;
  key?: string;
  value?: string;
  header: string[];
  file?: string;
}

/** `kafka-oss send-message`: the console's "send message" panel. Prints where each message landed. */
export function register(program: Command): void {
  program
    .command('send-message')
    .description('send messages to a topic and print the partition and offset of each')
    .addHelpText('after', examples([
      ['kafka-oss send-message --bootstrap-servers 127.0.0.1:9092 --topic orders --key 1 --value hello', 'one message; prints its partition and offset'],
      ['kafka-oss send-message --bootstrap-servers H:9093 --topic orders --file messages.jsonl --sasl-mechanism plain --sasl-username u', 'JSON lines {"key","value","partition","headers"}; the password from KAFKA_OSS_SASL_PASSWORD'],
    ]))
    .option('--bootstrap-servers <list>', "brokers, host:port[,host:port…] (default: the profile's, else the region's only instance's endpoint)")
    .option('--topic <name>', 'topic to send to')
    .option('--partition <n>', 'partition (default: by key, else spread)')
    .option('--key <key>', 'message key')
    .option('--value <value>', 'message value')
    .option('--header <key=value>', 'message header (repeatable)', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--file <path>', 'JSON lines, one {"value","key"?,"partition"?,"headers"?} per line')
    .option('--sasl-mechanism <mechanism>', 'plain, scram-sha-256 or scram-sha-512 (password from KAFKA_OSS_SASL_PASSWORD or stdin)')
    .option('--sasl-username <name>', 'SASL user name')
    .option('--tls', 'connect with TLS')
    .option('--ca-file <path>', 'PEM file of the CA that signed the brokers (implies --tls)')
    .action(async (_flags: SendMessageFlags, command: Command) => {
      await sendMessage(command.optsWithGlobals<SendMessageFlags & GlobalOptions>());
    });
}

async function sendMessage(flags: SendMessageFlags & GlobalOptions): Promise<void> {
  const { connectionFromFlags, readSaslPassword, SASL_PASSWORD_ENV } = await import('../kafka/connection-flags.js');
  const { parseHeaderFlags, parseMessageLines } = await import('../kafka/message-file.js');
  const problems: string[] = [];
  const { defaultBootstrapServers } = await import('./connector-input.js');
  const bootstrapServers = flags.bootstrapServers ?? (await defaultBootstrapServers(flags));
  const connection = connectionFromFlags({ ...flags, ...(bootstrapServers ? { bootstrapServers } : {}) });
  problems.push(...connection.problems);
  if (!flags.topic) problems.push('--topic: is required');
  let partition: number | undefined;
  if (flags.partition !== undefined) {
    partition = /^\d+$/.test(flags.partition) ? Number(flags.partition) : NaN;
    if (Number.isNaN(partition)) problems.push(`--partition: must be an integer ≥ 0 (got "${flags.partition}")`);
  }
  const headers = parseHeaderFlags(flags.header ?? []);
  problems.push(...headers.problems);
  if (flags.value === undefined && flags.file === undefined) problems.push('--value or --file: one is required');
  if (flags.value !== undefined && flags.file !== undefined) problems.push('--value and --file: give one, not both');
  let messages: import('../kafka/client.js').OutgoingMessage[] = [];
  if (flags.file !== undefined) {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(flags.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      problems.push(`--file: cannot read "${flags.file}" (${err.code ?? err.message})`);
      return '';
    });
    const parsed = parseMessageLines(text, flags.file);
    problems.push(...parsed.problems);
    if (text && parsed.messages.length === 0 && parsed.problems.length === 0) problems.push(`--file: "${flags.file}" holds no messages`);
    messages = parsed.messages.map((m) => ({
      ...m,
      ...(m.partition === undefined && partition !== undefined ? { partition } : {}),
      ...(m.key === undefined && flags.key !== undefined ? { key: flags.key } : {}),
      headers: { ...headers.headers, ...(m.headers ?? {}) },
    }));
  } else if (flags.value !== undefined) {
    messages = [
      {
        value: flags.value,
        ...(flags.key !== undefined ? { key: flags.key } : {}),
        ...(partition !== undefined ? { partition } : {}),
        ...(Object.keys(headers.headers).length > 0 ? { headers: headers.headers } : {}),
      },
    ];
  }
  let password: string | undefined;
  if (connection.options?.sasl && problems.length === 0) {
    password = await readSaslPassword(process.env, process.stdin);
    if (!password) problems.push(`SASL password: set ${SASL_PASSWORD_ENV} or pipe it on stdin`);
  }
  if (problems.length > 0 || !connection.options || !flags.topic) throw new UsageError(problems);

  const { createKafkaClient } = await import('../kafka/kafkajs-client.js');
  const { sasl, ...rest } = connection.options;
  const client = createKafkaClient({
    ...rest,
    ...(sasl && password ? { sasl: { ...sasl, password } } : {}),
    clientId: 'kafka-oss-send-message',
    retries: 2,
    requestTimeoutMs: 10_000,
    ...(process.env.KAFKA_OSS_DEBUG ? { log: (line: string) => process.stderr.write(`${line}\n`) } : {}),
  });
  try {
    const produced = await client.produce(flags.topic, messages);
    for (const record of produced) {
      process.stdout.write(
        flags.output === 'json' ? `${JSON.stringify(record)}\n` : `topic ${record.topic} partition ${record.partition} offset ${record.offset}\n`,
      );
    }
  } finally {
    await client.close();
  }
}
