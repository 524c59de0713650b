import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient } from '../../src/kafka/kafkajs-client.js';
import { startTestKafka, type TestKafka } from '../support/test-kafka.js';
import { ACCESS_KEY, exactlyOnceProblems, offsetCounts, readExport, startTestOss, type TestOss } from '../support/test-oss.js';
import { produceNumbered, produceRaw } from '../support/produce.js';
import { runCli, spawnCli } from '../support/cli.js';

const env = { KAFKA_OSS_ACCESS_KEY_SECRET: ACCESS_KEY.secret };

let kafka: TestKafka;
let oss: TestOss;

beforeAll(async () => {
  [kafka, oss] = await Promise.all([startTestKafka(), startTestOss()]);
});

afterAll(async () => {
  await Promise.all([kafka?.close(), oss?.close()]);
});

function sinkArgs(name: string, bucket: string, extra: string[] = []): string[] {
  return [
    '--output', 'json', 'sink', 'run', name,
    '--topic', name, '--bootstrap-servers', kafka.bootstrapServers,
    '--bucket', bucket, '--oss-endpoint', oss.endpoint, '--region', 'cn-hangzhou', '--access-key-id', ACCESS_KEY.id,
    '--offset-reset', 'earliest', '--flush-interval-ms', '300', '--until-caught-up', ...extra,
  ];
}

const run = (args: string[]) => runCli(args, { env });

describe('kafka-oss sink run', () => {
  it('after kill -9 in the middle and a restart, still exports every offset exactly once', async () => {
    await kafka.createTopic('sink-kill', 4);
    const perPartition = new Map<number, number>();
    for (let p = 0; p < 4; p += 1) perPartition.set(p, await produceNumbered(kafka.bootstrapServers, 'sink-kill', p, 25_000));
    const bucket = await oss.bucket('sink-kill');

    const { child: first, exit: firstExit } = spawnCli(sinkArgs('sink-kill', 'sink-kill', ['--max-records', '250']), { env });
    // kill -9 as soon as the runner reports its first written records
    for await (const line of createInterface({ input: first.stdout! })) {
      const event = JSON.parse(line) as { event: string; records?: number };
      if (event.event === 'progress' && (event.records ?? 0) > 0) {
        first.kill('SIGKILL');
        break;
      }
    }
    expect(await firstExit).toEqual({ code: null, signal: 'SIGKILL' });
    const partial = offsetCounts(await readExport(bucket, ''));
    expect(partial.size).toBeGreaterThan(0);
    expect(partial.size).toBeLessThan(100_000);

    const second = await run(sinkArgs('sink-kill', 'sink-kill', ['--max-records', '2000']));
    expect(second.code).toBe(0);
    const stopped = JSON.parse(second.stdout.trim().split('\n').pop() ?? '{}') as { event: string; failedPartitions: unknown[] };
    expect(stopped).toMatchObject({ event: 'stopped', failedPartitions: [] });
    expect(exactlyOnceProblems(offsetCounts(await readExport(bucket, '')), perPartition)).toEqual([]);
  });

  it('on SIGTERM flushes what it buffered, commits it and exits 0', async () => {
    await kafka.createTopic('sink-sigterm', 2);
    await produceNumbered(kafka.bootstrapServers, 'sink-sigterm', 0, 120);
    await produceNumbered(kafka.bootstrapServers, 'sink-sigterm', 1, 80);
    const bucket = await oss.bucket('sink-sigterm');
    // no --until-caught-up, and objects would close by time only after an hour: only the signal flushes them
    const args = sinkArgs('sink-sigterm', 'sink-sigterm').filter((a) => a !== '--until-caught-up');
    args.splice(args.indexOf('--flush-interval-ms') + 1, 1, '3600000');
    const { child, exit } = spawnCli(args, { env });
    const events: { event: string; partitions?: { buffered: number }[]; records?: number }[] = [];
    for await (const line of createInterface({ input: child.stdout! })) {
      const event = JSON.parse(line) as (typeof events)[number];
      events.push(event);
      const buffered = (event.partitions ?? []).reduce((sum, p) => sum + p.buffered, 0);
      if (event.event === 'progress' && buffered === 200 && !child.killed) child.kill('SIGTERM');
    }
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(events.at(-1)).toMatchObject({ event: 'stopped', records: 200, failedPartitions: [] });
    const objects = await readExport(bucket, '');
    expect(objects.map((o) => [o.name, o.records.length])).toEqual([
      ['sink-sigterm/sink-sigterm/0/00000000000000000000.json', 120],
      ['sink-sigterm/sink-sigterm/1/00000000000000000000.json', 80],
    ]);
    const client = createKafkaClient({ bootstrapServers: kafka.bootstrapServers });
    const committed = await client.committedOffsets('connect-sink-sigterm', 'sink-sigterm');
    await client.close();
    expect([committed.get(0), committed.get(1)]).toEqual([120, 80]);
  });

  it('stops at once on a second SIGTERM while the first waits for OSS, and the next run exports everything exactly once', async () => {
    await kafka.createTopic('sink-twice', 1);
    const produced = new Map([[0, await produceNumbered(kafka.bootstrapServers, 'sink-twice', 0, 150)]]);
    const bucket = await oss.bucket('sink-twice');
    const args = sinkArgs('sink-twice', 'sink-twice').filter((a) => a !== '--until-caught-up');
    args.splice(args.indexOf('--flush-interval-ms') + 1, 1, '3600000');
    const { child, exit } = spawnCli(args, { env });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    for await (const line of createInterface({ input: child.stdout! })) {
      const event = JSON.parse(line) as { event: string; partitions?: { buffered: number }[] };
      if (event.event === 'progress' && (event.partitions ?? []).reduce((sum, p) => sum + p.buffered, 0) === 150) break;
    }
    // the flush that the first SIGTERM starts hangs on a PUT that OSS holds for a minute
    oss.faults.stallNext(1, { ms: 60_000, action: 'PutObject' });
    child.kill('SIGTERM');
    // expect.poll gives up after 1 s by default: a loaded machine may take longer to run the handler
    await expect.poll(() => stderr, { timeout: 60_000 }).toContain('SIGTERM: closing the open objects and committing their offsets (SIGTERM again stops at once)');
    child.kill('SIGTERM');
    expect(await exit).toEqual({ code: 143, signal: null });
    expect(stderr).toContain('SIGTERM again: stopped at once; what was not committed is exported again by the next run');

    oss.faults.clear();
    const again = await run(sinkArgs('sink-twice', 'sink-twice'));
    expect(again.code).toBe(0);
    expect(exactlyOnceProblems(offsetCounts(await readExport(bucket, '')), produced)).toEqual([]);
  });

  it('exits 1 and names the record when a partition stops on invalid UTF-8 under fail', async () => {
    await kafka.createTopic('sink-cli-fail', 1);
    await produceRaw(kafka.bootstrapServers, 'sink-cli-fail', 0, [Buffer.from('fine'), Buffer.from([0xff, 0xfe]), Buffer.from('never')]);
    const bucket = await oss.bucket('sink-cli-fail');
    const result = await run(sinkArgs('sink-cli-fail', 'sink-cli-fail', ['--failure-policy', 'fail']).slice(2));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('partition sink-cli-fail[0] stopped at offset 1: value is not valid UTF-8 (first bad byte at index 0)');
    expect((await readExport(bucket, '')).flatMap((o) => o.records.map((r) => r.offset))).toEqual([0]);
  });

  it('reads the connector from a definition file and consumes as group connect-<name>', async () => {
    await kafka.createTopic('sink-from-file', 2);
    await produceNumbered(kafka.bootstrapServers, 'sink-from-file', 1, 50);
    const bucket = await oss.bucket('sink-from-file');
    const dir = await mkdtemp(join(tmpdir(), 'def-'));
    const file = join(dir, 'kafka-oss.from-file.json');
    const definition = { name: 'from-file', sourceTopic: 'sink-from-file', offsetReset: 'earliest', bucket: 'sink-from-file', accessKeyId: ACCESS_KEY.id, failurePolicy: 'log' };
    await writeFile(file, JSON.stringify(definition));
    const result = await run(['sink', 'run', '--from-file', file, '--bootstrap-servers', kafka.bootstrapServers, '--oss-endpoint', oss.endpoint, '--region', 'cn-hangzhou', '--flush-interval-ms', '300', '--until-caught-up']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('wrote 50 records in 1 objects');
    expect(result.stderr).toContain('error topic "connect-error-from-file" does not exist: bad records are only logged');
    expect((await readExport(bucket, '')).map((o) => o.name)).toEqual(['from-file/sink-from-file/1/00000000000000000000.json']);
    const client = createKafkaClient({ bootstrapServers: kafka.bootstrapServers });
    expect((await client.committedOffsets('connect-from-file', 'sink-from-file')).get(1)).toBe(50);
    await client.close();
  });

  it('reports every bad flag at once with exit 2 and never prints the AccessKey secret', async () => {
    const result = await run(['sink', 'run', 'Bad_Name', '--bootstrap-servers', kafka.bootstrapServers, '--bucket', 'bucket_test', '--failure-policy', 'drop', '--max-records', '0']);
    expect(result.code).toBe(2);
    for (const expected of [
      'name: may contain only digits, lowercase letters and "-" (got "Bad_Name")',
      '--topic: is required',
      '--bucket: may contain only lowercase letters, digits and "-" (got "bucket_test")',
      '--oss-endpoint or --region: one is required',
      '--access-key-id: is required',
      '--max-records: must be a positive integer (got "0")',
      '--failure-policy: must be log or fail (got "drop")',
    ]) {
      expect(result.stderr).toContain(expected);
    }
    expect(result.stderr).not.toContain(ACCESS_KEY.secret);
  });

  it('exits 2 when the source topic does not exist', async () => {
    await oss.bucket('sink-no-topic');
    const result = await run(sinkArgs('sink-no-topic', 'sink-no-topic').slice(2));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('topic "sink-no-topic" does not exist');
  });
});
