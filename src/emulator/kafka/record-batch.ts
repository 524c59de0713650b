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
