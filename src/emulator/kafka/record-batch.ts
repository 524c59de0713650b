import { gunzipSync } from 'node:zlib';
import { crc32c } from './crc32c.js';

/**
 * Record batch v2 header layout. The CRC covers attributes..end, so baseOffset, batchLength and
 * partitionLeaderEpoch can be rewritten without recomputing it; compressed payloads pass through untouched.
 */
export const BATCH = {
  BASE_OFFSET: 0,
  LENGTH: 8,
  LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  BASE_TIMESTAMP: 27,
  MAX_TIMESTAMP: 35,
  RECORD_COUNT: 57,
  HEADER_SIZE: 61,
  /** baseOffset + batchLength: the bytes before the part batchLength counts. */
  LOG_OVERHEAD: 12,
} as const;

export interface BatchInfo {
  /** Byte position of the batch inside the buffer it came from. */
  start: number;
  size: number;
  lastOffsetDelta: number;
  maxTimestamp: number;
}

export type BatchCheck = { ok: true; batches: BatchInfo[] } | { ok: false; reason: 'corrupt' | 'unsupported-magic'; message: string };

/** Splits a Produce request's records field into batches, checking framing, magic and CRC-32C of each. */
export function checkBatches(records: Buffer): BatchCheck {
  const batches: BatchInfo[] = [];
  let pos = 0;
  while (pos < records.length) {
    if (records.length - pos < BATCH.HEADER_SIZE) {
      // older magic versions have shorter headers; look at the magic byte when it is there
      if (records.length - pos > BATCH.MAGIC && records[pos + BATCH.MAGIC] !== 2) {
        return { ok: false, reason: 'unsupported-magic', message: `record batch magic ${records[pos + BATCH.MAGIC]} (only v2 is supported)` };
      }
      return { ok: false, reason: 'corrupt', message: `record batch truncated at byte ${pos}` };
    }
    const size = records.readInt32BE(pos + BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
    const magic = records[pos + BATCH.MAGIC];
    if (magic !== 2) return { ok: false, reason: 'unsupported-magic', message: `record batch magic ${magic} (only v2 is supported)` };
    if (size < BATCH.HEADER_SIZE || pos + size > records.length) {
      return { ok: false, reason: 'corrupt', message: `record batch length ${size} does not fit the ${records.length - pos} bytes left` };
    }
    const expected = records.readUInt32BE(pos + BATCH.CRC);
    const actual = crc32c(records, pos + BATCH.ATTRIBUTES, pos + size);
    if (expected !== actual) {
      return { ok: false, reason: 'corrupt', message: `record batch CRC-32C ${actual.toString(16)} does not match ${expected.toString(16)}` };
    }
    batches.push({
      start: pos,
      size,
      lastOffsetDelta: records.readInt32BE(pos + BATCH.LAST_OFFSET_DELTA),
      maxTimestamp: Number(records.readBigInt64BE(pos + BATCH.MAX_TIMESTAMP)),
    });
    pos += size;
  }
  return { ok: true, batches };
}

/** Sets the fields the broker owns; both lie outside the CRC. */
export function assignBaseOffset(records: Buffer, batch: BatchInfo, baseOffset: number, leaderEpoch: number): void {
  records.writeBigInt64BE(BigInt(baseOffset), batch.start + BATCH.BASE_OFFSET);
  records.writeInt32BE(leaderEpoch, batch.start + BATCH.LEADER_EPOCH);
}

const COMPRESSION_NONE = 0;
const COMPRESSION_GZIP = 1;

/**
 * The first record at or after `timestamp` in one stored batch, as ListOffsets answers it. Uncompressed and
 * gzip batches are read record by record; other codecs answer with the batch's base offset and max timestamp.
 */
export function recordAtOrAfter(batch: Buffer, timestamp: number): { offset: number; timestamp: number } | undefined {
  const baseOffset = Number(batch.readBigInt64BE(BATCH.BASE_OFFSET));
  const baseTimestamp = Number(batch.readBigInt64BE(BATCH.BASE_TIMESTAMP));
  const maxTimestamp = Number(batch.readBigInt64BE(BATCH.MAX_TIMESTAMP));
  const count = batch.readInt32BE(BATCH.RECORD_COUNT);
  const compression = batch.readInt16BE(BATCH.ATTRIBUTES) & 0x07;
  let records: Buffer;
  if (compression === COMPRESSION_NONE) records = batch.subarray(BATCH.HEADER_SIZE);
  else if (compression === COMPRESSION_GZIP) records = gunzipSync(batch.subarray(BATCH.HEADER_SIZE));
  else return maxTimestamp >= timestamp ? { offset: baseOffset, timestamp: maxTimestamp } : undefined;
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = records[pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) break;
      shift += 7;
    }
    // zigzag
    return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
  };
  for (let i = 0; i < count && pos < records.length; i++) {
    const length = varint();
    const end = pos + length;
    pos += 1; // attributes
    const recordTimestamp = baseTimestamp + varint();
    const offset = baseOffset + varint();
    if (recordTimestamp >= timestamp) return { offset, timestamp: recordTimestamp };
    pos = end;
  }
  return undefined;
}
