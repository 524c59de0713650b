import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { readPartition, startTestKafka, type TestKafka } from '../support/test-kafka.js';


const cli = (args: string[], env: Record<string, string> = {}, input = '') => runCli(args, { env, stdin: input, timeoutMs: 30_000 });

let kafka: TestKafka;

beforeAll(async () => {
  kafka = await startTestKafka();
  await kafka.createTopic('cli-send', 4);
});

afterAll(async () => {
  await kafka?.close();
});

describe('kafka-oss send-message', () => {
  it('prints topic, partition and offset, and kcat reads the message with its key', async () => {
    const run = await cli(['send-message', '--bootstrap-servers', kafka.bootstrapServers, '--topic', 'cli-send', '--partition', '0', '--key', '1', '--value', 'hello']);
    expect(run).toMatchObject({ code: 0, stdout: 'topic cli-send partition 0 offset 0\n' });
    expect(await readPartition(kafka.bootstrapServers, 'cli-send', 0)).toEqual(['0\t1\thello']);
  });

  it('sends a JSON-lines file and prints one JSON line per message with --output json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'send-'));
    const file = join(dir, 'messages.jsonl');
    await writeFile(file, '{"value":"a","partition":3}\n\n{"value":"b","key":"k","partition":3,"headers":{"h":"1"}}\n');
    const run = await cli(['--output', 'json', 'send-message', '--bootstrap-servers', kafka.bootstrapServers, '--topic', 'cli-send', '--file', file]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { topic: 'cli-send', partition: 3, offset: 0 },
      { topic: 'cli-send', partition: 3, offset: 1 },
    ]);
  });

  it('exits 2 naming the topic when it does not exist', async () => {
    const run = await cli(['send-message', '--bootstrap-servers', kafka.bootstrapServers, '--topic', 'cli-missing', '--value', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('topic "cli-missing" does not exist');
  });

  it('exits 2 when the partition is out of range', async () => {
    const run = await cli(['send-message', '--bootstrap-servers', kafka.bootstrapServers, '--topic', 'cli-send', '--partition', '9', '--value', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('partition 9 is out of range for topic "cli-send": it has 4 partitions, 0 to 3');
  });

  it('reports every bad flag at once with exit 2, before connecting', async () => {
    const run = await cli(['send-message', '--bootstrap-servers', 'nohost', '--topic', 't', '--partition', '-1', '--header', 'novalue', '--sasl-mechanism', 'gssapi']);
    expect(run.code).toBe(2);
    for (const expected of [
      '--bootstrap-servers: "nohost" must be host:port',
      '--partition: must be an integer ≥ 0 (got "-1")',
      '--header: must be key=value with a non-empty key (got "novalue")',
      '--sasl-mechanism: must be one of plain, scram-sha-256, scram-sha-512 (got "gssapi")',
      '--sasl-username: is required with --sasl-mechanism',
      '--value or --file: one is required',
    ]) {
      expect(run.stderr).toContain(expected);
    }
  });

  it('never prints the SASL password, even when the broker fails the connection', async () => {
    const secret = 'pa55-w0rd-not-to-print';
    const run = await cli(
      ['send-message', '--bootstrap-servers', '127.0.0.1:1', '--topic', 't', '--value', 'x', '--sasl-mechanism', 'plain', '--sasl-username', 'u'],
      { KAFKA_OSS_SASL_PASSWORD: secret, KAFKA_OSS_DEBUG: '1' },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('could not connect');
    expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
  });
});
