import { gunzipSync } from 'node:zlib';
import { RecordCursor } from './record-cursor.js';

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
  PRODUCER_ID: 43,
  BASE_SEQUENCE: 53,
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

/** Sets the fields the broker owns; both lie outside the CRC. */
export function assignBaseOffset(records: Buffer, batch: BatchInfo, baseOffset: number, leaderEpoch: number): void {
  records.writeBigInt64BE(BigInt(baseOffset), batch.start + BATCH.BASE_OFFSET);
  records.writeInt32BE(leaderEpoch, batch.start + BATCH.LEADER_EPOCH);
}

const COMPRESSION_NONE = 0;
const COMPRESSION_GZIP = 1;
/** A gzip batch is read record by record only while it inflates to at most this much. */
const MAX_INFLATED_BYTES = 64 << 20;

/**
 * The first record at or after `timestamp` in one stored batch, as ListOffsets answers it. Uncompressed and
 * gzip batches are read record by record; other codecs, and batches that do not parse (written before the
 * broker validated them), answer with the batch's base offset and max timestamp.
 */
export function recordAtOrAfter(batch: Buffer, timestamp: number): { offset: number; timestamp: number } | undefined {
  const baseOffset = Number(batch.readBigInt64BE(BATCH.BASE_OFFSET));
  const maxTimestamp = Number(batch.readBigInt64BE(BATCH.MAX_TIMESTAMP));
  const wholeBatch = maxTimestamp >= timestamp ? { offset: baseOffset, timestamp: maxTimestamp } : undefined;
  const records = recordsSection(batch);
  if (!records) return wholeBatch;
  const baseTimestamp = Number(batch.readBigInt64BE(BATCH.BASE_TIMESTAMP));
  const count = batch.readInt32BE(BATCH.RECORD_COUNT);
  const cursor = new RecordCursor(records);
  try {
    for (let i = 0; i < count && cursor.remaining > 0; i++) {
      const record = cursor.next();
      if (baseTimestamp + record.timestampDelta >= timestamp) return { offset: baseOffset + record.offsetDelta, timestamp: baseTimestamp + record.timestampDelta };
    }
    return undefined;
  } catch {
    return wholeBatch;
  }
}

function recordsSection(batch: Buffer): Buffer | undefined {
  const compression = batch.readInt16BE(BATCH.ATTRIBUTES) & 0x07;
  if (compression === COMPRESSION_NONE) return batch.subarray(BATCH.HEADER_SIZE);
  if (compression !== COMPRESSION_GZIP) return undefined;
  try {
    return gunzipSync(batch.subarray(BATCH.HEADER_SIZE), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch {
    return undefined;
  }
}
