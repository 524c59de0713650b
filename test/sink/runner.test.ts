import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient } from '../../src/kafka/kafkajs-client.js';
import type { KafkaDataClient } from '../../src/kafka/client.js';
import { errorTopicReporter } from '../../src/sink/error-topic.js';
import { ossObjectWriter } from '../../src/sink/object-writer.js';
import { startSink, type SinkOutcome } from '../../src/sink/runner.js';
import { DEFAULT_SINK_SETTINGS, type SinkSettings } from '../../src/sink/settings.js';
import { OssError, type OssBucketClient } from '../../src/cloud/oss.js';
import { kcat, startTestKafka, type TestKafka } from '../support/test-kafka.js';
import { exactlyOnceProblems, offsetCounts, readExport, startTestOss, type TestOss } from '../support/test-oss.js';
import { produceNumbered, produceRaw } from '../support/produce.js';

let kafka: TestKafka;
let oss: TestOss;
let client: KafkaDataClient;

beforeAll(async () => {
  [kafka, oss] = await Promise.all([startTestKafka(), startTestOss()]);
  client = createKafkaClient({ bootstrapServers: kafka.bootstrapServers });
});

afterAll(async () => {
  await client?.close();
  await Promise.all([kafka?.close(), oss?.close()]);
});

const fastRetry = { attempts: 40, baseDelayMs: 5, maxDelayMs: 50 };

async function sinkOnce(topic: string, bucket: OssBucketClient, settings: Partial<SinkSettings>, extra: { errorTopic?: string } = {}): Promise<SinkOutcome> {
  const run = await startSink({
    kafka: client,
    writer: ossObjectWriter(bucket, { prefix: settings.naming?.prefix ?? '', retry: fastRetry }),
    settings: { ...DEFAULT_SINK_SETTINGS, flushIntervalMs: 200, ...settings },
    topic,
    groupId: `connect-${topic}`,
    fromBeginning: true,
    concurrency: 6,
    untilCaughtUp: true,
    progressIntervalMs: 200,
    ...(extra.errorTopic ? { reporter: errorTopicReporter(client, extra.errorTopic) } : {}),
  });
  return run.done;
}

describe('sink runner against the embedded broker and OSS server', () => {
  it('exports 100 000 records from 6 partitions with every offset exactly once, in order, fields right', async () => {
    await kafka.createTopic('sink-100k', 6);
    const perPartition = new Map<number, number>();
    for (let p = 0; p < 6; p += 1) perPartition.set(p, await produceNumbered(kafka.bootstrapServers, 'sink-100k', p, p < 4 ? 16_667 : 16_666));
    const bucket = await oss.bucket('sink-100k');
    const outcome = await sinkOnce('sink-100k', bucket, { maxRecordsPerObject: 5_000, naming: { prefix: 'exports', timePath: 'none' } });
    expect(outcome).toMatchObject({ records: 100_000, failedPartitions: [] });
    expect(outcome.fatal).toBeUndefined();
    const objects = await readExport(bucket, 'exports/');
    expect(exactlyOnceProblems(offsetCounts(objects), perPartition)).toEqual([]);
    const sample = objects.find((o) => o.name === 'exports/sink-100k/2/00000000000000000000.json')?.records[7];
    expect(sample && Object.keys(sample)).toEqual(['key', 'offset', 'overflowFlag', 'partition', 'timestamp', 'topic', 'value', 'valueSize']);
    expect(sample).toMatchObject({ key: 'key7', offset: 7, overflowFlag: false, partition: 2, topic: 'sink-100k', value: 'value-2-7-✓', valueSize: 13 });
    expect(sample?.timestamp).toBeGreaterThan(1_600_000_000_000);
    const committed = await client.committedOffsets('connect-sink-100k', 'sink-100k');
    expect([...committed.entries()].sort(([a], [b]) => a - b)).toEqual([...perPartition.entries()]);
  });

  it('loses and duplicates nothing while the OSS server fails the next 20 PUTs with 503', async () => {
    await kafka.createTopic('sink-503', 6);
    const perPartition = new Map<number, number>();
    for (let p = 0; p < 6; p += 1) perPartition.set(p, await produceNumbered(kafka.bootstrapServers, 'sink-503', p, 3_000));
    const bucket = await oss.bucket('sink-503');
    oss.faults.failNext(20, { status: 503, action: 'PutObject' });
    const outcome = await sinkOnce('sink-503', bucket, { maxRecordsPerObject: 700 });
    expect(outcome.fatal).toBeUndefined();
    expect(outcome.records).toBe(18_000);
    expect(exactlyOnceProblems(offsetCounts(await readExport(bucket, '')), perPartition)).toEqual([]);
  });

  it('keeps every offset exactly once when a second runner joins the group and takes over partitions', async () => {
    await kafka.createTopic('sink-rebalance', 4);
    const perPartition = new Map<number, number>();
    for (let p = 0; p < 4; p += 1) perPartition.set(p, await produceNumbered(kafka.bootstrapServers, 'sink-rebalance', p, 15_000));
    const bucket = await oss.bucket('sink-rebalance');
    const clients: KafkaDataClient[] = [];
    const start = (onObject?: () => void) =>
      startSink({
        kafka: clients[clients.push(createKafkaClient({ bootstrapServers: kafka.bootstrapServers })) - 1]!,
        writer: ossObjectWriter(bucket, { prefix: '', retry: fastRetry }),
        settings: { ...DEFAULT_SINK_SETTINGS, flushIntervalMs: 200, maxRecordsPerObject: 100 },
        topic: 'sink-rebalance',
        groupId: 'connect-sink-rebalance',
        fromBeginning: true,
        concurrency: 4,
        untilCaughtUp: true,
        progressIntervalMs: 200,
        ...(onObject ? { onObject } : {}),
      });
    let second: Promise<SinkOutcome> | undefined;
    let joined!: () => void;
    const secondStarted = new Promise<void>((resolve) => (joined = resolve));
    const first = await start(() => {
      second ??= start().then((run) => {
        joined();
        return run.done;
      });
    });
    const outcomes = await Promise.all([first.done, secondStarted.then(() => second)]);
    await Promise.all(clients.map((c) => c.close()));
    expect(outcomes.map((o) => o?.fatal)).toEqual([undefined, undefined]);
    expect(exactlyOnceProblems(offsetCounts(await readExport(bucket, '')), perPartition)).toEqual([]);
  });

  it('gives up a write still retrying when its partitions move to another member, which then owns their objects', async () => {
    // Member 1's OSS fails every PUT, so its first objects retry and its batches block behind them. Member 2 joins:
    // member 1 must notice the rebalance from inside its blocked batch, stop retrying and rejoin, or member 2
    // would wait for it, and member 1's late PUTs of 100-record objects would replace member 2's objects.
    const topic = 'sink-zombie';
    await kafka.createTopic(topic, 2);
    const perPartition = new Map<number, number>();
    for (let p = 0; p < 2; p += 1) perPartition.set(p, await produceNumbered(kafka.bootstrapServers, topic, p, 1_000));
    const bucket = await oss.bucket(topic);
    let failing = true;
    let failedPuts = 0;
    const flaky: OssBucketClient = {
      bucket: bucket.bucket,
      put: async (name, body, options) => {
        if (!failing) return bucket.put(name, body, options);
        failedPuts += 1;
        throw new OssError('injected: service unavailable', 'transient', 503, 'ServiceUnavailable');
      },
      get: (name) => bucket.get(name),
      head: (name) => bucket.head(name),
      list: (prefix, options) => bucket.list(prefix, options),
      listAll: (prefix) => bucket.listAll(prefix),
      delete: (name) => bucket.delete(name),
    };
    const clients = [0, 1].map(() => createKafkaClient({ bootstrapServers: kafka.bootstrapServers }));
    const settings = { ...DEFAULT_SINK_SETTINGS, flushIntervalMs: 60_000, maxRecordsPerObject: 100 };
    const common = { settings, topic, groupId: `connect-${topic}`, fromBeginning: true, concurrency: 2, untilCaughtUp: true, progressIntervalMs: 200 };
    const first = await startSink({ ...common, kafka: clients[0]!, writer: ossObjectWriter(flaky, { prefix: '', retry: { attempts: 100_000, baseDelayMs: 20, maxDelayMs: 20 } }) });
    while (failedPuts < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    let secondObjects = 0;
    const second = await startSink({ ...common, kafka: clients[1]!, writer: ossObjectWriter(bucket, { prefix: '', retry: fastRetry }), onObject: () => (secondObjects += 1) });
    const joinedAt = Date.now();
    // member 2 exports its whole partition (10 objects) while member 1's OSS still fails
    while (secondObjects < 10) {
      expect(Date.now() - joinedAt, 'member 2 exporting its partition while member 1 is stuck on OSS').toBeLessThan(20_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    failing = false;
    const outcomes = await Promise.all([first.done, second.done]);
    await Promise.all(clients.map((c) => c.close()));
    expect(outcomes.map((o) => o.fatal)).toEqual([undefined, undefined]);
    expect(exactlyOnceProblems(offsetCounts(await readExport(bucket, '')), perPartition)).toEqual([]);
  });

  it('keeps what it buffers under maxBufferedBytes by cutting objects early while OSS is slow, still exactly once', async () => {
    const topic = 'sink-memory-bound';
    await kafka.createTopic(topic, 2);
    const perPartition = new Map<number, number>();
    for (let p = 0; p < 2; p += 1) perPartition.set(p, await produceNumbered(kafka.bootstrapServers, topic, p, 30_000));
    const bucket = await oss.bucket(topic);
    oss.faults.stallNext(1_000, { ms: 100, action: 'PutObject' });
    const maxBufferedBytes = 256 * 1024;
    const objects: number[] = [];
    const run = await startSink({
      kafka: client,
      writer: ossObjectWriter(bucket, { prefix: '', retry: fastRetry }),
      // neither count, nor size, nor time would close an object before the end: only the memory bound does
      settings: { ...DEFAULT_SINK_SETTINGS, flushIntervalMs: 600_000, maxRecordsPerObject: 1_000_000, maxBytesPerObject: 64 * 1024 * 1024, maxBufferedBytes },
      topic,
      groupId: `connect-${topic}`,
      fromBeginning: true,
      concurrency: 2,
      untilCaughtUp: true,
      onObject: (object) => objects.push(object.bytes),
    });
    const outcome = await run.done;
    oss.faults.clear();
    expect(outcome.fatal).toBeUndefined();
    // unbounded, each partition would be one object of ~4.5 MB cut at the end; the bound cuts them after each
    // fetch instead (one fetch of 256 KiB of these small records is ~1.5 MB of JSON)
    expect(objects.length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...objects)).toBeLessThan(maxBufferedBytes + 2 * 1024 * 1024);
    expect(exactlyOnceProblems(offsetCounts(await readExport(bucket, '')), perPartition)).toEqual([]);
  });

  it('cuts a 300 KiB value to 256 KiB with overflowFlag and the full valueSize', async () => {
    await kafka.createTopic('sink-big', 1);
    await produceRaw(kafka.bootstrapServers, 'sink-big', 0, [Buffer.from('small'), Buffer.alloc(300 * 1024, 'x')]);
    const bucket = await oss.bucket('sink-big');
    await sinkOnce('sink-big', bucket, {});
    const [object] = await readExport(bucket, '');
    expect(object?.records.map((r) => [r.offset, r.overflowFlag, r.valueSize, r.value?.length])).toEqual([
      [0, false, 5, 5],
      [1, true, 307_200, 262_144],
    ]);
  });

  it('under log, sends a record with invalid UTF-8 to the error topic with the reason and exports the rest', async () => {
    await kafka.createTopic('sink-utf8-log', 1);
    await kafka.createTopic('connect-error-utf8', 1);
    await produceRaw(kafka.bootstrapServers, 'sink-utf8-log', 0, [Buffer.from('ok-0'), Buffer.from([0x62, 0x61, 0x64, 0xff]), Buffer.from('ok-2'), Buffer.from('ok-3')]);
    const bucket = await oss.bucket('sink-utf8-log');
    const outcome = await sinkOnce('sink-utf8-log', bucket, { failurePolicy: 'log' }, { errorTopic: 'connect-error-utf8' });
    expect(outcome).toMatchObject({ records: 3, failedPartitions: [] });
    const records = (await readExport(bucket, '')).flatMap((o) => o.records);
    expect(records.map((r) => [r.offset, r.value])).toEqual([
      [0, 'ok-0'],
      [2, 'ok-2'],
      [3, 'ok-3'],
    ]);
    const errors = (await kcat(['-C', '-b', kafka.bootstrapServers, '-t', 'connect-error-utf8', '-o', 'beginning', '-e', '-q'])).toString('utf8').trim().split('\n');
    expect(errors.map((line) => JSON.parse(line) as unknown)).toEqual([
      { reason: 'value is not valid UTF-8 (first bad byte at index 3)', topic: 'sink-utf8-log', partition: 0, offset: 1, timestamp: expect.any(Number), key: null },
    ]);
  });

  it('under fail, stops the partition at the bad record: nothing after it is written, its offset stays committed', async () => {
    await kafka.createTopic('sink-utf8-fail', 2);
    await produceRaw(kafka.bootstrapServers, 'sink-utf8-fail', 0, [Buffer.from('a'), Buffer.from('b'), Buffer.from([0xc3, 0x28]), Buffer.from('after')]);
    await produceNumbered(kafka.bootstrapServers, 'sink-utf8-fail', 1, 10);
    const bucket = await oss.bucket('sink-utf8-fail');
    const outcome = await sinkOnce('sink-utf8-fail', bucket, { failurePolicy: 'fail' });
    expect(outcome.failedPartitions).toEqual([{ topic: 'sink-utf8-fail', partition: 0, offset: 2, reason: 'value is not valid UTF-8 (first bad byte at index 0)' }]);
    const records = (await readExport(bucket, '')).flatMap((o) => o.records);
    expect(records.filter((r) => r.partition === 0).map((r) => r.offset)).toEqual([0, 1]);
    expect(records.filter((r) => r.partition === 1)).toHaveLength(10);
    expect((await client.committedOffsets('connect-sink-utf8-fail', 'sink-utf8-fail')).get(0)).toBe(2);
  });
});
