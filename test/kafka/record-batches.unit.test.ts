// The fetch path's record batch decoder against kafkajs' (its Fetch v4 decoder and consumer Batch: control records
// dropped, aborted transactions filtered, offsets before the fetch offset dropped) on Fetch answers built byte by
// byte, for what neither test broker writes: compaction's offset gaps, transaction markers, aborted transactions.
import { describe, expect, it } from 'vitest';
import KafkajsBatch from 'kafkajs/src/consumer/batch.js';
import kafkajsFetchV4 from 'kafkajs/src/protocol/requests/fetch/v4/response.js';
import { messagesOf } from '../../src/kafka/fetched-records.js';
import { readFetchResponse } from '../../src/kafka/fetch/fetch-request.js';
import { ResponseReader } from '../../src/kafka/fetch/protocol.js';
import { decodeRecordBatches } from '../../src/kafka/fetch/record-batches.js';
import { RecordColumns } from '../../src/kafka/fetch/record-columns.js';
import { fetchAnswer, legacyMessage, marker, recordBatch, type TestBatch, type TestRecord } from './batch-builder.js';

interface Seen {
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
}

const text = (b: Buffer | null) => (b === null ? null : b.toString('utf8'));
const headerList = (h: Record<string, Buffer | null | (Buffer | null)[]>) =>
  Object.entries(h).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((x): [string, string | null] => [name, text(x)]));

function ours(answer: Buffer, fetchOffset: number): { records: Seen[]; nextOffset: number; batches: number } {
  const [p] = readFetchResponse(new ResponseReader(answer, 0, answer.length));
  if (!p) throw new Error('no partition in the answer');
  const columns = new RecordColumns();
  const decoded = decodeRecordBatches(answer, p.recordsStart, p.recordsEnd, fetchOffset, p.aborted.length > 0 ? p.aborted : undefined, columns);
  const records = messagesOf(columns, { copy: true }).map((m) => ({ offset: m.offset, timestamp: m.timestamp, key: text(m.key), value: text(m.value), headers: headerList(m.headers) }));
  return { records, nextOffset: decoded.nextOffset, batches: decoded.batches };
}

async function kafkajs(answer: Buffer, fetchOffset: number): Promise<Seen[]> {
  const { responses } = await kafkajsFetchV4.decode(answer);
  const batch = new KafkajsBatch('t', String(fetchOffset), responses[0]?.partitions[0]);
  // kafkajs leaves a v0 message's timestamp undefined, Kafka's consumer reports -1
  return batch.messages.map((m) => ({ offset: Number(m.offset), timestamp: m.timestamp === undefined ? -1 : Number(m.timestamp), key: text(m.key), value: text(m.value), headers: headerList(m.headers ?? {}) }));
}

const data = (offsetDelta: number, value: string, extra: Partial<TestRecord> = {}): TestRecord => ({ offsetDelta, key: Buffer.from(`k${offsetDelta}`), value: Buffer.from(value), ...extra });

function answerOf(batches: TestBatch[], aborted?: { producerId: number; firstOffset: number }[]): Buffer {
  return fetchAnswer('t', [{ partition: 0, highWatermark: 1000, ...(aborted ? { aborted } : {}), records: Buffer.concat(batches.map(recordBatch)) }]);
}

describe('record batches decoded as kafkajs decodes them', () => {
  it.each([false, true])('a compacted batch (gzip: %s): offset gaps, and a last offset delta past its last record', async (gzip) => {
    const answer = answerOf([
      { baseOffset: 100, lastOffsetDelta: 12, gzip, records: [data(0, 'a', { timestampDelta: 5 }), data(3, 'b'), data(4, 'c', { key: null }), data(9, 'd', { value: null })] },
      { baseOffset: 113, lastOffsetDelta: 3, gzip, records: [data(0, 'e', { headers: [['h', Buffer.from('1')], ['h', null]] }), data(1, 'f')] },
    ]);
    const read = ours(answer, 100);
    expect(read.records.map((r) => r.offset)).toEqual([100, 103, 104, 109, 113, 114]);
    expect(read.nextOffset).toBe(117);
    expect(read.records).toEqual(await kafkajs(answer, 100));
  });

  it('a batch compaction emptied still moves the position past its offsets', async () => {
    const answer = answerOf([
      { baseOffset: 0, lastOffsetDelta: 4, producerId: 3, records: [] },
      { baseOffset: 5, records: [data(0, 'after')] },
    ]);
    const read = ours(answer, 0);
    expect(read.records.map((r) => r.offset)).toEqual([5]);
    expect(read.nextOffset).toBe(6);
    expect(read.records).toEqual(await kafkajs(answer, 0));
  });

  it('from a fetch offset inside a batch, only the records at or after it', async () => {
    const answer = answerOf([{ baseOffset: 100, lastOffsetDelta: 12, records: [data(0, 'a'), data(3, 'b'), data(4, 'c'), data(9, 'd')] }]);
    const read = ours(answer, 104);
    expect(read.records.map((r) => r.offset)).toEqual([104, 109]);
    expect(read.records).toEqual(await kafkajs(answer, 104));
  });

  it('skips transaction markers and the aborted transaction, keeps committed and plain records, moves past all of them', async () => {
    const answer = answerOf(
      [
        { baseOffset: 0, producerId: 7, transactional: true, records: [data(0, 'p7-a'), data(1, 'p7-b'), data(2, 'p7-c')] },
        { baseOffset: 3, producerId: 7, transactional: true, control: true, records: [marker(true)] },
        { baseOffset: 4, producerId: 8, transactional: true, records: [data(0, 'p8-aborted-a'), data(1, 'p8-aborted-b')] },
        { baseOffset: 6, producerId: 9, transactional: true, records: [data(0, 'p9-a'), data(1, 'p9-b')] },
        { baseOffset: 8, producerId: 8, transactional: true, records: [data(0, 'p8-aborted-c')] },
        { baseOffset: 9, producerId: 8, transactional: true, control: true, records: [marker(false)] },
        { baseOffset: 10, records: [data(0, 'plain')] },
        { baseOffset: 11, producerId: 8, transactional: true, records: [data(0, 'p8-again')] },
        { baseOffset: 12, producerId: 9, transactional: true, control: true, records: [marker(true)] },
        { baseOffset: 13, producerId: 8, transactional: true, control: true, records: [marker(true)] },
      ],
      [{ producerId: 8, firstOffset: 4 }],
    );
    const read = ours(answer, 0);
    expect(read.records.map((r) => r.value)).toEqual(['p7-a', 'p7-b', 'p7-c', 'p9-a', 'p9-b', 'plain', 'p8-again']);
    expect(read.nextOffset).toBe(14);
    expect(read.records).toEqual(await kafkajs(answer, 0));
  });

  it('gives LogAppendTime topics the broker time of the batch for every record', async () => {
    const answer = answerOf([{ baseOffset: 0, logAppendTime: true, maxTimestamp: 1_800_000_000_000, records: [data(0, 'a', { timestampDelta: -5 }), data(1, 'b', { timestampDelta: 7 })] }]);
    const read = ours(answer, 0);
    expect(read.records.map((r) => r.timestamp)).toEqual([1_800_000_000_000, 1_800_000_000_000]);
    expect(read.records).toEqual(await kafkajs(answer, 0));
  });

  it('reads the whole batches of an answer that ends inside one, and says when not even the first fit', async () => {
    const batches = Buffer.concat([recordBatch({ baseOffset: 0, records: [data(0, 'a'), data(1, 'b')] }), recordBatch({ baseOffset: 2, records: [data(0, 'c'), data(1, 'd')] })]);
    const cut = fetchAnswer('t', [{ partition: 0, highWatermark: 4, records: batches.subarray(0, batches.length - 5) }]);
    const read = ours(cut, 0);
    expect(read).toMatchObject({ batches: 1, nextOffset: 2 });
    expect(read.records.map((r) => r.value)).toEqual(['a', 'b']);
    expect(read.records).toEqual(await kafkajs(cut, 0));

    const first = recordBatch({ baseOffset: 0, records: [data(0, 'x'.repeat(500))] });
    const tooSmall = fetchAnswer('t', [{ partition: 0, highWatermark: 1, records: first.subarray(0, 200) }]);
    expect(ours(tooSmall, 0)).toEqual({ records: [], nextOffset: 0, batches: 0 });
  });

  it.each([0, 1] as const)('message sets v%i (Kafka before 0.11): plain and gzip-wrapped messages, a fetch offset inside a wrapper', async (magic) => {
    const m = (offset: number, value: string, key: string | null = `k${offset}`) => ({ offset, magic, timestamp: 1_600_000_000_000 + offset, key: key === null ? null : Buffer.from(key), value: Buffer.from(value) });
    // a v1 wrapper's inner offsets count from 0 and its own is the last one's; a v0 wrapper's inner ones are absolute
    const inner = magic === 1 ? [m(0, 'w0'), m(1, 'w1', null), m(2, 'w2')] : [m(11, 'w0'), m(12, 'w1', null), m(13, 'w2')];
    const records = Buffer.concat([
      legacyMessage(m(10, 'plain')),
      legacyMessage({ offset: 13, magic, timestamp: 1_600_000_000_013, key: null, value: null, inner }),
      legacyMessage({ ...m(14, 'tombstone'), value: null }),
    ]);
    const answer = fetchAnswer('t', [{ partition: 0, highWatermark: 15, records }]);
    const read = ours(answer, 10);
    const innerKeys = magic === 1 ? ['k0', 'k2'] : ['k11', 'k13'];
    expect(read.records.map((r) => [r.offset, r.key, r.value])).toEqual([[10, 'k10', 'plain'], [11, innerKeys[0], 'w0'], [12, null, 'w1'], [13, innerKeys[1], 'w2'], [14, 'k14', null]]);
    expect(read.nextOffset).toBe(15);
    expect(read.records).toEqual(await kafkajs(answer, 10));
    expect(ours(answer, 12).records.map((r) => r.offset)).toEqual([12, 13, 14]);
    expect(ours(answer, 12).records).toEqual(await kafkajs(answer, 12));
  });

  it('reads a partition whose log moved from message sets to record batches, and gives v1 wrappers with LogAppendTime their time', () => {
    const records = Buffer.concat([
      legacyMessage({ offset: 2, magic: 1, timestamp: 1_900_000_000_000, logAppendTime: true, key: null, value: null, inner: [{ offset: 0, magic: 1, timestamp: 5, key: null, value: Buffer.from('a') }, { offset: 1, magic: 1, timestamp: 6, key: null, value: Buffer.from('b') }] }),
      recordBatch({ baseOffset: 3, records: [data(0, 'v2 record')] }),
    ]);
    const read = ours(fetchAnswer('t', [{ partition: 0, highWatermark: 4, records }]), 0);
    expect(read.records.map((r) => [r.offset, r.timestamp, r.value])).toEqual([[1, 1_900_000_000_000, 'a'], [2, 1_900_000_000_000, 'b'], [3, 1_700_000_000_000, 'v2 record']]);
    expect(read.nextOffset).toBe(4);
  });
});
