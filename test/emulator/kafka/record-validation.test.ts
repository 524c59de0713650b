import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateProducedBatch } from '../../../src/emulator/kafka/batch-validation.js';
import { Writer } from '../../../src/emulator/kafka/codec.js';
import { kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';
import { encodeRecord, produce, produceBody, RawClient, readProduceResponse, recordBatch, zigzag, type RecordSpec } from './raw-client.js';

const CORRUPT_MESSAGE = 2;
const MESSAGE_TOO_LARGE = 10;
const UNSUPPORTED_COMPRESSION_TYPE = 76;
const INVALID_RECORD = 87;
const UNKNOWN_SERVER_ERROR = -1;
const INT32_MAX = 2 ** 31 - 1;

let under: BrokerUnderTest;
let client: RawClient;
const topic = 'checked';

beforeAll(async () => {
  under = await startBrokerUnderTest();
  await under.broker.admin.createTopic(topic, { partitions: 1, configs: { 'max.message.bytes': '100000' } });
  client = await RawClient.connect(under.broker.port);
});
afterAll(async () => {
  client.close();
  await under.close();
});

const values = (...vs: string[]): RecordSpec[] => vs.map((value) => ({ value }));
const highWatermark = async (name = topic) => (await under.broker.admin.highWatermarks(name))[0]!;
const section = (records: RecordSpec[]) => Buffer.concat(records.map((r, i) => encodeRecord(r, i)));

/** A record whose length varint says `length`, followed by `body` as it is. */
function rawRecord(length: number, body: number[]): Buffer {
  const w = new Writer();
  zigzag(w, length);
  return Buffer.concat([w.toBuffer(), Buffer.from(body)]);
}

describe('record batches are checked as Kafka does before they are appended', () => {
  it.each<[string, () => Buffer | null, number]>([
    ['no records at all (null)', () => null, INVALID_RECORD],
    ['an empty record set', () => Buffer.alloc(0), INVALID_RECORD],
    ['a negative lastOffsetDelta', () => recordBatch(values('a'), { lastOffsetDelta: -5 }), INVALID_RECORD],
    ['a record count of 0', () => recordBatch(values('a'), { recordCount: 0, lastOffsetDelta: -1 }), INVALID_RECORD],
    ['a record count that does not match lastOffsetDelta', () => recordBatch(values('a', 'b'), { lastOffsetDelta: 5 }), INVALID_RECORD],
    ['fewer records than the count claims', () => recordBatch(values('a'), { recordCount: 3, lastOffsetDelta: 2 }), INVALID_RECORD],
    ['more records than the count claims', () => recordBatch(values('a', 'b', 'c'), { recordCount: 2, lastOffsetDelta: 1 }), INVALID_RECORD],
    ['offset deltas that repeat', () => recordBatch([{ value: 'a', offsetDelta: 0 }, { value: 'b', offsetDelta: 0 }]), INVALID_RECORD],
    ['a record length longer than the batch', () => recordBatch(values('a'), { recordsSection: rawRecord(500, [0, 0, 0, 1, 1, 0]) }), INVALID_RECORD],
    ['a negative record length', () => recordBatch(values('a'), { recordsSection: rawRecord(-1, [0, 0, 0, 1, 0]) }), INVALID_RECORD],
    ['a record length that disagrees with its fields', () => recordBatch(values('a'), { recordsSection: rawRecord(7, [0, 0, 0, 1, 1, 0, 0]) }), INVALID_RECORD],
    ['a key length below -1', () => recordBatch(values('a'), { recordsSection: rawRecord(6, [0, 0, 0, 5, 1, 0]) }), INVALID_RECORD],
    ['a negative header count', () => recordBatch(values('a'), { recordsSection: rawRecord(6, [0, 0, 0, 1, 1, 3]) }), INVALID_RECORD],
    ['a varint longer than 5 bytes', () => recordBatch(values('a'), { recordsSection: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]) }), INVALID_RECORD],
    ['magic 1 in Produce v7', () => recordBatch(values('a'), { magic: 1 }), INVALID_RECORD],
    ['two batches for one partition', () => Buffer.concat([recordBatch(values('a')), recordBatch(values('b'))]), INVALID_RECORD],
    ['a control batch', () => recordBatch(values('a'), { attributes: 0x20 }), INVALID_RECORD],
    ['a producer id without a sequence', () => recordBatch(values('a'), { producerId: 7, baseSequence: -1 }), INVALID_RECORD],
    ['an unknown compression codec', () => recordBatch(values('a'), { attributes: 6 }), UNKNOWN_SERVER_ERROR],
    ['a gzip batch whose count disagrees with lastOffsetDelta', () => recordBatch([], { attributes: 1, recordCount: 3, lastOffsetDelta: 0, recordsSection: gzipSync(section(values('a'))) }), INVALID_RECORD],
    ['a batch over max.message.bytes', () => recordBatch([{ value: 'x'.repeat(100_001) }]), MESSAGE_TOO_LARGE],
    ['a batch length beyond the bytes sent', () => recordBatch(values('a'.repeat(40))).subarray(0, 80), CORRUPT_MESSAGE],
  ])('refuses %s, assigns no offsets and keeps the connection', async (_name, records, errorCode) => {
    const before = await highWatermark();
    expect(await produce(client, topic, 0, records())).toMatchObject({ errorCode, baseOffset: -1 });
    expect(await highWatermark()).toBe(before);
    expect(await produce(client, topic, 0, recordBatch(values('fine')))).toMatchObject({ errorCode: 0, baseOffset: before });
  });

  it('refuses zstd in Produce below v7 with UNSUPPORTED_COMPRESSION_TYPE', async () => {
    const batch = recordBatch([], { attributes: 4, recordsSection: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]) });
    const [answer] = readProduceResponse(await client.request(0, 6, produceBody(topic, 0, batch)));
    expect(answer).toMatchObject({ errorCode: UNSUPPORTED_COMPRESSION_TYPE, baseOffset: -1 });
  });

  it('accepts keys, null values and headers as librdkafka sends them', async () => {
    const name = 'with-headers';
    await under.broker.admin.createTopic(name, { partitions: 1 });
    const produced = await kcat(['-b', under.broker.bootstrapServers, '-P', '-t', name, '-K', ':', '-Z', '-H', 'h1=v1', '-H', 'h2='], 'k1:one\nk2:\n');
    expect(produced.code, produced.stderr).toBe(0);
    const consumed = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', name, '-o', 'beginning', '-e', '-q', '-Z', '-f', '%o %k %S %h\n']);
    expect(consumed.stdout.toString()).toBe('0 k1 3 h1=v1,h2=\n1 k2 -1 h1=v1,h2=\n');
  });

  it('a negative lastOffsetDelta neither rewinds the high watermark nor duplicates offsets, also after a restart', async () => {
    const name = 'no-rewind';
    await under.broker.admin.createTopic(name, { partitions: 1 });
    expect(await produce(client, name, 0, recordBatch(values('r0', 'r1', 'r2')))).toMatchObject({ errorCode: 0, baseOffset: 0 });
    expect(await produce(client, name, 0, recordBatch(values('rewind'), { lastOffsetDelta: -3 }))).toMatchObject({ errorCode: INVALID_RECORD });
    expect(await produce(client, name, 0, recordBatch(values('r3')))).toMatchObject({ errorCode: 0, baseOffset: 3 });
    client.close();
    await under.restart();
    client = await RawClient.connect(under.broker.port);
    expect(await highWatermark(name)).toBe(4);
    const consumed = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', name, '-o', 'beginning', '-e', '-q', '-f', '%o:%s\n']);
    expect(consumed.stdout.toString()).toBe('0:r0\n1:r1\n2:r2\n3:r3\n');
  });

  it('refuses a batch claiming 2^31−1 records whose record length loops, and ListOffsets by time still answers at once', async () => {
    const name = 'looping';
    await under.broker.admin.createTopic(name, { partitions: 1 });
    expect(await produce(client, name, 0, recordBatch(values('first'), { firstTimestamp: 1000, maxTimestamp: 1000 }))).toMatchObject({ errorCode: 0 });
    // length -1 sends a reader that trusts it back to the start of the record, 2^31−1 times
    const looping = recordBatch([], { recordCount: INT32_MAX, lastOffsetDelta: INT32_MAX - 1, firstTimestamp: 0, maxTimestamp: 4000, recordsSection: Buffer.from([0x01, 0, 0, 0]) });
    expect(await produce(client, name, 0, looping)).toMatchObject({ errorCode: INVALID_RECORD });
    expect(await highWatermark(name)).toBe(1);
    const admin = new Kafka({ brokers: [under.broker.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      // no record at or after 2000: the broker answers -1 and kafkajs falls back to the high watermark
      expect(await admin.fetchTopicOffsetsByTimestamp(name, 2000)).toEqual([{ partition: 0, offset: '1' }]);
      expect(await admin.fetchTopicOffsetsByTimestamp(name, 500)).toEqual([{ partition: 0, offset: '0' }]);
    } finally {
      await admin.disconnect();
    }
  });

  it('drops, at start-up, a stored batch that does not continue the offsets (written before batches were checked)', async () => {
    const name = 'legacy';
    await under.broker.admin.createTopic(name, { partitions: 1 });
    const dir = join(under.dataDir, 'topics', name, '0');
    const good = recordBatch(values('l0', 'l1'));
    const rewinding = recordBatch(values('bad'), { lastOffsetDelta: -2 });
    rewinding.writeBigInt64BE(2n, 0); // as the broker stored it: base offset 2, next offset 1
    const after = recordBatch(values('dup'));
    after.writeBigInt64BE(1n, 0);
    const later = recordBatch(values('dup-2'));
    later.writeBigInt64BE(2n, 0);
    client.close();
    await under.broker.close();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${'0'.repeat(20)}.log`), Buffer.concat([good, rewinding, after, later]));
    await under.restart();
    client = await RawClient.connect(under.broker.port);
    expect(await highWatermark(name)).toBe(2);
    expect(await produce(client, name, 0, recordBatch(values('l2')))).toMatchObject({ errorCode: 0, baseOffset: 2 });
    const consumed = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', name, '-o', 'beginning', '-e', '-q', '-f', '%o:%s\n']);
    expect(consumed.stdout.toString()).toBe('0:l0\n1:l1\n2:l2\n');
  });
});

describe('no single request holds the event loop', () => {
  it('validates a batch of 100 000 records in slices of at most 8 192 records between pauses', async () => {
    const batch = recordBatch(Array.from({ length: 100_000 }, (_, i) => ({ value: String(i % 10) })));
    let pauses = 0;
    const verdict = await validateProducedBatch(batch, { version: 7, maxMessageBytes: batch.length, pause: async () => void pauses++ });
    expect(verdict.ok).toBe(true);
    expect(pauses).toBe(Math.floor((100_000 - 1) / 8192));
  });

  it('checksums a large batch in slices of 1 MiB', async () => {
    const batch = recordBatch([{ value: Buffer.alloc(5 << 20, 7) }]);
    let pauses = 0;
    const verdict = await validateProducedBatch(batch, { version: 7, maxMessageBytes: batch.length, pause: async () => void pauses++ });
    expect(verdict.ok).toBe(true);
    expect(pauses).toBe(5);
  });

  it('takes turns between connections: requests pipelined on one connection do not hold back another', async () => {
    const busy = await RawClient.connect(under.broker.port);
    const other = await RawClient.connect(under.broker.port);
    try {
      const allTopics = new Writer().int32(-1).toBuffer(); // Metadata v1: null = every topic
      const answers = busy.pipeline(Array.from({ length: 500 }, () => ({ apiKey: 3, version: 1, body: allTopics })));
      await answers[0];
      // CreateTopics v0 on the other connection, sent once the busy connection's first answer is out
      const create = new Writer().array(['fair-turn'], (w, t) => w.string(t).int32(1).int16(1).array([], () => undefined).array([], () => undefined)).int32(5000).toBuffer();
      await other.request(19, 0, create);
      const listed = await Promise.all(answers);
      const names = Buffer.from('fair-turn');
      expect(listed[0]!.includes(names)).toBe(false);
      // served one request per turn of the event loop, the busy connection's later answers already list it
      expect(listed.at(-1)!.includes(names)).toBe(true);
    } finally {
      busy.close();
      other.close();
    }
  });
});
