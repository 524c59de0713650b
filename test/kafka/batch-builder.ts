// Record batches (magic 2) and Fetch v4 answers built byte by byte from Kafka's protocol description
// (kafka.apache.org/documentation/#recordbatch, kafka.apache.org/protocol#The_Messages_Fetch), for the shapes
// neither test broker writes: compacted batches (offset gaps), transaction markers and aborted transactions,
// LogAppendTime. CRC-32C as Kafka computes it, over attributes to the end.
import { crc32, gzipSync } from 'node:zlib';
import { crc32c } from '../../src/emulator/kafka/crc32c.js';

export interface TestRecord {
  offsetDelta: number;
  timestampDelta?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers?: [string, Buffer | null][];
}

export interface TestBatch {
  baseOffset: number;
  /** Default: the last record's offset delta (a compacted batch keeps its original, larger one). */
  lastOffsetDelta?: number;
  baseTimestamp?: number;
  maxTimestamp?: number;
  producerId?: number;
  transactional?: boolean;
  control?: boolean;
  logAppendTime?: boolean;
  gzip?: boolean;
  records: TestRecord[];
}

function varint(n: number): Buffer {
  let zigzag = n >= 0 ? n * 2 : -n * 2 - 1;
  const bytes: number[] = [];
  while (zigzag >= 0x80) {
    bytes.push((zigzag % 0x80) | 0x80);
    zigzag = Math.floor(zigzag / 0x80);
  }
  bytes.push(zigzag);
  return Buffer.from(bytes);
}

const sized = (bytes: Buffer | null) => (bytes === null ? varint(-1) : Buffer.concat([varint(bytes.length), bytes]));

function record(r: TestRecord): Buffer {
  const headers = r.headers ?? [];
  const body = Buffer.concat([
    Buffer.from([0]), // attributes
    varint(r.timestampDelta ?? 0),
    varint(r.offsetDelta),
    sized(r.key),
    sized(r.value),
    varint(headers.length),
    ...headers.flatMap(([name, value]) => [sized(Buffer.from(name, 'utf8')), sized(value)]),
  ]);
  return Buffer.concat([varint(body.length), body]);
}

/** A control record's key: version 0, type 0 (ABORT) or 1 (COMMIT); its value: version 0, coordinator epoch 0. */
export function marker(commit: boolean): TestRecord {
  return { offsetDelta: 0, key: Buffer.from([0, 0, 0, commit ? 1 : 0]), value: Buffer.from([0, 0, 0, 0, 0, 0]) };
}

export function recordBatch(b: TestBatch): Buffer {
  const records = Buffer.concat(b.records.map(record));
  const payload = b.gzip ? gzipSync(records) : records;
  const attributes = (b.gzip ? 1 : 0) | (b.logAppendTime ? 0x08 : 0) | (b.transactional ? 0x10 : 0) | (b.control ? 0x20 : 0);
  const baseTimestamp = b.baseTimestamp ?? 1_700_000_000_000;
  const lastOffsetDelta = b.lastOffsetDelta ?? b.records[b.records.length - 1]?.offsetDelta ?? 0;
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(BigInt(b.baseOffset), 0);
  header.writeInt32BE(61 - 12 + payload.length, 8);
  header.writeInt32BE(0, 12); // partition leader epoch
  header.writeInt8(2, 16); // magic
  header.writeInt16BE(attributes, 21);
  header.writeInt32BE(lastOffsetDelta, 23);
  header.writeBigInt64BE(BigInt(baseTimestamp), 27);
  header.writeBigInt64BE(BigInt(b.maxTimestamp ?? baseTimestamp + Math.max(0, ...b.records.map((r) => r.timestampDelta ?? 0))), 35);
  header.writeBigInt64BE(BigInt(b.producerId ?? -1), 43);
  header.writeInt16BE(b.producerId === undefined ? -1 : 0, 51); // producer epoch
  header.writeInt32BE(b.producerId === undefined ? -1 : 0, 53); // base sequence
  header.writeInt32BE(b.records.length, 57);
  const batch = Buffer.concat([header, payload]);
  batch.writeUInt32BE(crc32c(batch, 21), 17);
  return batch;
}

export interface TestPartitionAnswer {
  partition: number;
  highWatermark: number;
  aborted?: { producerId: number; firstOffset: number }[];
  records: Buffer;
}

/** A Fetch v4 answer body (after the correlation id) for one topic. */
export function fetchAnswer(topic: string, partitions: TestPartitionAnswer[]): Buffer {
  const parts: Buffer[] = [int32(0), int32(1), string(topic), int32(partitions.length)];
  for (const p of partitions) {
    parts.push(int32(p.partition), int16(0), int64(p.highWatermark), int64(p.highWatermark), int32((p.aborted ?? []).length));
    for (const a of p.aborted ?? []) parts.push(int64(a.producerId), int64(a.firstOffset));
    parts.push(int32(p.records.length), p.records);
  }
  return Buffer.concat(parts);
}

function int16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function int64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
}

function string(s: string): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([int16(bytes.length), bytes]);
}

export interface TestLegacyMessage {
  offset: number;
  magic: 0 | 1;
  timestamp?: number;
  logAppendTime?: boolean;
  key: Buffer | null;
  value: Buffer | null;
  /** A compressed wrapper (gzip) of these messages, whose own key and value are ignored. */
  inner?: TestLegacyMessage[];
}

const bytes = (b: Buffer | null) => (b === null ? int32(-1) : Buffer.concat([int32(b.length), b]));

/** One entry of a message set v0/v1 (kafka.apache.org/documentation/#messageset), CRC-32 over magic to the end. */
export function legacyMessage(m: TestLegacyMessage): Buffer {
  const value = m.inner ? gzipSync(Buffer.concat(m.inner.map(legacyMessage))) : m.value;
  const attributes = (m.inner ? 1 : 0) | (m.logAppendTime ? 0x08 : 0);
  const body = Buffer.concat([Buffer.from([m.magic, attributes]), m.magic === 1 ? int64(m.timestamp ?? 1_700_000_000_000) : Buffer.alloc(0), bytes(m.inner ? null : m.key), bytes(value)]);
  return Buffer.concat([int64(m.offset), int32(body.length + 4), int32(crc32(body) | 0), body]);
}
