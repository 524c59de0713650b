import { decompressBatch } from '../codecs.js';
import { readInt64 } from './protocol.js';
import { decodeLegacyMessage, readLegacyMessage } from './legacy-message-sets.js';
import type { RecordColumns } from './record-columns.js';
import { CorruptBatchError, VarintReader } from './varint.js';

/**
 * Record batch v2 (magic 2, kafka.apache.org/documentation/#recordbatch): baseOffset int64, batchLength int32,
 * partitionLeaderEpoch int32, magic int8, crc uint32, attributes int16, lastOffsetDelta int32, baseTimestamp
 * int64, maxTimestamp int64, producerId int64, producerEpoch int16, baseSequence int32, records [Record].
 */
const LOG_OVERHEAD = 12; // baseOffset and batchLength: what batchLength does not count
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 21;
const LAST_OFFSET_DELTA_AT = 23;
const BASE_TIMESTAMP_AT = 27;
const MAX_TIMESTAMP_AT = 35;
const PRODUCER_ID_AT = 43;
const RECORD_COUNT_AT = 57;
const RECORDS_AT = 61;
const CODEC_MASK = 0x07;
const LOG_APPEND_TIME = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
/** A control record's key is version int16, type int16; type 0 is ABORT, 1 COMMIT (ControlRecordType). */
const CONTROL_TYPE_ABORT = 0;

/** An aborted transaction listed in a Fetch answer: its producer and the first offset it wrote. */
export interface AbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface DecodedPartition {
  /** Where the next fetch starts: past the last whole batch, its control, aborted and compacted-away offsets included. */
  nextOffset: number;
  /** Whole batches read. None while bytes came means the first batch did not fit: ask for more bytes. */
  batches: number;
}

/**
 * Appends the records of `data[start, end)` at or after `fetchOffset` to `out`: whole batches only (a fetch may
 * end inside one), compressed batches decompressed, control batches skipped. With `aborted` (read_committed),
 * batches of aborted transactions are skipped as Kafka's consumer does (Fetcher's CompletedFetch): a producer's
 * transaction counts as aborted from its listed first offset until its ABORT marker.
 */
export function decodeRecordBatches(data: Uint8Array, start: number, end: number, fetchOffset: number, aborted: AbortedTransaction[] | undefined, out: RecordColumns): DecodedPartition {
  const transactions = aborted ? new AbortedTransactions(aborted) : undefined;
  const reader = new VarintReader();
  let nextOffset = fetchOffset;
  let batches = 0;
  let at = start;
  while (at + LOG_OVERHEAD <= end) {
    if (at + MAGIC_AT < end && (data[at + MAGIC_AT] as number) < 2) {
      const message = readLegacyMessage(data, at, end);
      if (!message) break;
      decodeLegacyMessage(data, message, fetchOffset, out);
      batches += 1;
      nextOffset = Math.max(nextOffset, message.offset + 1); // a wrapper's offset is its last message's
      at = message.end;
      continue;
    }
    const batchEnd = at + LOG_OVERHEAD + readInt32(data, at + 8);
    if (batchEnd > end || batchEnd < at + RECORDS_AT) break; // the fetch ended inside this batch
    const baseOffset = readInt64(data, at);
    const attributes = (data[at + ATTRIBUTES_AT] as number) * 256 + (data[at + ATTRIBUTES_AT + 1] as number);
    const lastOffset = baseOffset + readInt32(data, at + LAST_OFFSET_DELTA_AT);
    batches += 1;
    if (!transactions?.skips(data, at, batchEnd, attributes, lastOffset, reader) && (attributes & CONTROL) === 0) {
      decodeRecords(data, at, batchEnd, attributes, baseOffset, fetchOffset, reader, out);
    }
    nextOffset = Math.max(nextOffset, lastOffset + 1);
    at = batchEnd;
  }
  return { nextOffset, batches };
}

/** The codecs the whole batches of `data[start, end)` are compressed with (0, none, left out). */
export function codecsIn(data: Uint8Array, start: number, end: number): number[] {
  const codecs: number[] = [];
  let at = start;
  while (at + LOG_OVERHEAD <= end) {
    const batchEnd = at + LOG_OVERHEAD + readInt32(data, at + 8);
    if (batchEnd > end || batchEnd < at + RECORDS_AT) break;
    // attributes: int16 at 21 in a record batch, int8 at 17 in a message before v2
    const codec = (data[at + ((data[at + MAGIC_AT] as number) < 2 ? 17 : ATTRIBUTES_AT + 1)] as number) & CODEC_MASK;
    if (codec !== 0 && !codecs.includes(codec)) codecs.push(codec);
    at = batchEnd;
  }
  return codecs;
}

/** The records of one batch (uncompressed in place, or decompressed first) from `fetchOffset` on. */
function decodeRecords(data: Uint8Array, at: number, batchEnd: number, attributes: number, baseOffset: number, fetchOffset: number, reader: VarintReader, out: RecordColumns): void {
  const count = readInt32(data, at + RECORD_COUNT_AT);
  const codec = attributes & CODEC_MASK;
  const source = codec === 0 ? data : decompressBatch(codec, Buffer.from(data.buffer, data.byteOffset + at + RECORDS_AT, batchEnd - at - RECORDS_AT));
  const logAppendTime = (attributes & LOG_APPEND_TIME) !== 0 ? readInt64(data, at + MAX_TIMESTAMP_AT) : -1;
  const baseTimestamp = readInt64(data, at + BASE_TIMESTAMP_AT);
  if (codec === 0) reader.at(data, at + RECORDS_AT, batchEnd);
  else reader.at(source, 0, source.length);
  for (let r = 0; r < count; r += 1) {
    // Record: length varint, attributes int8, timestampDelta varlong, offsetDelta varint, key, value, headers
    const length = reader.varint();
    const recordEnd = reader.position + length;
    if (length < 0 || recordEnd > reader.end) throw new CorruptBatchError(`a record of ${length} bytes runs past its batch at offset ${baseOffset}`);
    reader.position += 1;
    const timestampDelta = reader.varlong();
    const offset = baseOffset + reader.varint();
    const keyLength = reader.varint();
    const keyStart = reader.position;
    if (keyLength > 0) reader.position += keyLength;
    const valueLength = reader.varint();
    const valueStart = reader.position;
    if (valueLength > 0) reader.position += valueLength;
    if (reader.position > recordEnd) throw new CorruptBatchError(`a record's key or value runs past the record at offset ${offset}`);
    if (offset >= fetchOffset) {
      out.push(source, offset, logAppendTime >= 0 ? logAppendTime : baseTimestamp + timestampDelta, keyStart, keyLength, valueStart, valueLength, reader.position, recordEnd);
    }
    reader.position = recordEnd;
  }
}

/** Kafka's read_committed filter over one partition's answer: which producers' batches are aborted, batch by batch. */
class AbortedTransactions {
  private readonly pending: AbortedTransaction[];
  private next = 0;
  private readonly producers = new Set<number>();

  constructor(aborted: AbortedTransaction[]) {
    this.pending = [...aborted].sort((a, b) => a.firstOffset - b.firstOffset);
  }

  /** Whether the batch is an aborted transaction's data. Its ABORT marker ends that producer's aborted transaction. */
  skips(data: Uint8Array, at: number, batchEnd: number, attributes: number, lastOffset: number, reader: VarintReader): boolean {
    const producerId = readInt64(data, at + PRODUCER_ID_AT);
    if (producerId < 0) return false;
    while (this.next < this.pending.length && (this.pending[this.next] as AbortedTransaction).firstOffset <= lastOffset) {
      this.producers.add((this.pending[this.next++] as AbortedTransaction).producerId);
    }
    if ((attributes & CONTROL) !== 0) {
      if (controlType(data, at, batchEnd, reader) === CONTROL_TYPE_ABORT) this.producers.delete(producerId);
      return false;
    }
    return (attributes & TRANSACTIONAL) !== 0 && this.producers.has(producerId);
  }
}

/** The type of a control batch's first record, from its key (version int16, type int16); -1 when it has none. */
function controlType(data: Uint8Array, at: number, batchEnd: number, reader: VarintReader): number {
  if (readInt32(data, at + RECORD_COUNT_AT) < 1) return -1;
  reader.at(data, at + RECORDS_AT, batchEnd);
  reader.varint(); // length
  reader.position += 1; // attributes
  reader.varlong();
  reader.varint();
  const keyLength = reader.varint();
  if (keyLength < 4) return -1;
  const key = reader.bytes(keyLength);
  return ((key[2] as number) << 8) | (key[3] as number);
}

function readInt32(data: Uint8Array, at: number): number {
  return ((data[at] as number) << 24) | ((data[at + 1] as number) << 16) | ((data[at + 2] as number) << 8) | (data[at + 3] as number);
}
