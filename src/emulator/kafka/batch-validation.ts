import { CRC32C_START, crc32cFinish, crc32cUpdate } from './crc32c.js';
import { ErrorCode } from './error-codes.js';
import { RecordCursor, RecordFormatError } from './record-cursor.js';
import { BATCH, type BatchInfo } from './record-batch.js';

export interface ProduceCheck {
  /** Produce request version: v3+ may carry only record batches of magic 2 (ProduceRequest.validateRecords). */
  version: number;
  /** The topic's max.message.bytes. */
  maxMessageBytes: number;
  /** Awaited between slices of work, so one request never holds the event loop (shared with OSS and the control plane) for long. */
  pause?: () => Promise<void>;
}

export type BatchVerdict = { ok: true; batch: BatchInfo } | { ok: false; errorCode: number; message: string };

const MAGIC_V2 = 2;
const COMPRESSION_MASK = 0x07;
const NONE = 0;
const ZSTD = 4;
const CONTROL_FLAG = 0x20;
/** Bytes checksummed, and records walked, between two pauses. */
const CRC_SLICE_BYTES = 1 << 20;
const RECORD_SLICE = 8192;

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));
const refuse = (errorCode: number, message: string): BatchVerdict => ({ ok: false, errorCode, message });

/**
 * One partition's records from a Produce request, checked as Kafka checks them before an append:
 * exactly one batch of magic 2 (ProduceRequest.validateRecords), its size against max.message.bytes and its
 * CRC-32C (UnifiedLog.analyzeAndValidateRecords), its header (LogValidator.validateBatch: record count
 * equal to lastOffsetDelta + 1, no control batches, sequences with producer ids), and for uncompressed
 * batches every record (DefaultRecord.readFrom: lengths, headers, no bytes left over). The broker writes
 * batches as they came, so it also requires offset deltas 0, 1, 2, … where Kafka would rewrite the batch.
 * Compressed payloads are not decompressed: their header decides the offsets, consumers read the records.
 */
export async function validateProducedBatch(records: Buffer | null, check: ProduceCheck): Promise<BatchVerdict> {
  const pause = check.pause ?? nextTick;
  const framing = checkFraming(records, check);
  if (!framing.ok) return framing;
  const batch = framing.batch;
  const buf = records!;
  if (!(await crcMatches(buf, batch.size, pause))) return refuse(ErrorCode.CORRUPT_MESSAGE, 'record batch CRC-32C does not match its contents');
  const header = checkHeader(buf, check.version);
  if (header) return header;
  if ((buf.readInt16BE(BATCH.ATTRIBUTES) & COMPRESSION_MASK) === NONE) {
    const walked = await walkRecords(buf, batch.size, buf.readInt32BE(BATCH.RECORD_COUNT), pause);
    if (walked) return walked;
  }
  return { ok: true, batch };
}

/** The batch's place in the buffer, when the buffer holds exactly one whole v2 batch within the size limit. */
function checkFraming(records: Buffer | null, check: ProduceCheck): BatchVerdict {
  if (!records || records.length === 0) return refuse(ErrorCode.INVALID_RECORD, `Produce requests with version ${check.version} must have at least one record batch`);
  if (records.length > BATCH.MAGIC && records[BATCH.MAGIC] !== MAGIC_V2) {
    // the log holds v2 batches only: older message sets (Produce v0–2) cannot be stored
    const message = `record batch magic ${records[BATCH.MAGIC]} (only v2 is supported)`;
    return refuse(check.version >= 3 ? ErrorCode.INVALID_RECORD : ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, message);
  }
  if (records.length < BATCH.HEADER_SIZE) return refuse(ErrorCode.CORRUPT_MESSAGE, `record batch truncated: ${records.length} bytes`);
  const size = records.readInt32BE(BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
  if (size < BATCH.HEADER_SIZE || size > records.length) {
    return refuse(ErrorCode.CORRUPT_MESSAGE, `record batch length ${size} does not fit the ${records.length} bytes sent`);
  }
  if (size < records.length) return refuse(ErrorCode.INVALID_RECORD, `Produce requests with version ${check.version} are only allowed to contain exactly one record batch`);
  if (size > check.maxMessageBytes) {
    return refuse(ErrorCode.MESSAGE_TOO_LARGE, `The record batch size is ${size} bytes which exceeds the maximum configured value of ${check.maxMessageBytes} (max.message.bytes).`);
  }
  const batch = { start: 0, size, lastOffsetDelta: records.readInt32BE(BATCH.LAST_OFFSET_DELTA), maxTimestamp: Number(records.readBigInt64BE(BATCH.MAX_TIMESTAMP)) };
  return { ok: true, batch };
}

async function crcMatches(buf: Buffer, size: number, pause: () => Promise<void>): Promise<boolean> {
  let crc = CRC32C_START;
  for (let at = BATCH.ATTRIBUTES; at < size; at += CRC_SLICE_BYTES) {
    if (at > BATCH.ATTRIBUTES) await pause();
    crc = crc32cUpdate(crc, buf, at, Math.min(size, at + CRC_SLICE_BYTES));
  }
  return crc32cFinish(crc) === buf.readUInt32BE(BATCH.CRC);
}

function checkHeader(buf: Buffer, version: number): BatchVerdict | undefined {
  const attributes = buf.readInt16BE(BATCH.ATTRIBUTES);
  const codec = attributes & COMPRESSION_MASK;
  // CompressionType.forId throws IllegalArgumentException, which the append answers as UNKNOWN_SERVER_ERROR
  if (codec > ZSTD) return refuse(ErrorCode.UNKNOWN_SERVER_ERROR, `Unknown compression type id: ${codec}`);
  if (codec === ZSTD && version < 7) return refuse(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE, `Produce requests with version ${version} are not allowed to use ZStandard compression`);
  const lastOffsetDelta = buf.readInt32BE(BATCH.LAST_OFFSET_DELTA);
  const count = buf.readInt32BE(BATCH.RECORD_COUNT);
  if (lastOffsetDelta < 0) return refuse(ErrorCode.INVALID_RECORD, `Batch has an invalid offset range: [0, ${lastOffsetDelta}]`);
  if (count <= 0) return refuse(ErrorCode.INVALID_RECORD, `Invalid reported count for record batch: ${count}`);
  if (count !== lastOffsetDelta + 1) return refuse(ErrorCode.INVALID_RECORD, `Inconsistent batch offset range [0, ${lastOffsetDelta}] and count of records ${count}`);
  if (attributes & CONTROL_FLAG) return refuse(ErrorCode.INVALID_RECORD, 'Clients are not allowed to write control records');
  const producerId = buf.readBigInt64BE(BATCH.PRODUCER_ID);
  const baseSequence = buf.readInt32BE(BATCH.BASE_SEQUENCE);
  if (producerId >= 0n && baseSequence < 0) return refuse(ErrorCode.INVALID_RECORD, `Invalid sequence number ${baseSequence} in record batch with producerId ${producerId}`);
  return undefined;
}

/** Walks `count` records: each must parse to its own length, carry its position as offset delta, and fill the batch exactly. */
async function walkRecords(buf: Buffer, size: number, count: number, pause: () => Promise<void>): Promise<BatchVerdict | undefined> {
  const cursor = new RecordCursor(buf, BATCH.HEADER_SIZE, size);
  try {
    for (let i = 0; i < count; i++) {
      if (i > 0 && i % RECORD_SLICE === 0) await pause();
      if (cursor.remaining === 0) return refuse(ErrorCode.INVALID_RECORD, `Incorrect declared batch size, premature EOF reached (record ${i} of ${count})`);
      const { offsetDelta } = cursor.next();
      if (offsetDelta !== i) return refuse(ErrorCode.INVALID_RECORD, `record ${i} of the batch has offset delta ${offsetDelta}; this broker stores batches as sent, so it takes 0, 1, 2, … only`);
    }
  } catch (err) {
    if (err instanceof RecordFormatError) return refuse(ErrorCode.INVALID_RECORD, err.message);
    throw err;
  }
  if (cursor.remaining > 0) return refuse(ErrorCode.INVALID_RECORD, 'Incorrect declared batch size, records still remaining in file');
  return undefined;
}
