import { decompressBatch } from '../codecs.js';
import { readInt64 } from './protocol.js';
import type { RecordColumns } from './record-columns.js';
import { CorruptBatchError } from './varint.js';

/**
 * Message sets v0 and v1 (magic 0 and 1: Kafka before 0.11, still stored by brokers whose topics keep an old
 * message format; kafka.apache.org/documentation/#messageset): offset int64, message size int32, crc int32,
 * magic int8, attributes int8, timestamp int64 (v1 only), key BYTES, value BYTES. A compressed message wraps a
 * message set whose offsets, in v1, count from 0 and end at the wrapper's own offset (KIP-31).
 */
const SIZE_AT = 8;
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 17;
const V0_KEY_AT = 18;
const LOG_OVERHEAD = 12;
const CODEC_MASK = 0x07;
const LOG_APPEND_TIME = 0x08;
/** Messages v0 have no timestamp: Kafka's consumer reports -1 (RecordBatch.NO_TIMESTAMP). */
const NO_TIMESTAMP = -1;

interface LegacyMessage {
  offset: number;
  magic: number;
  attributes: number;
  timestamp: number;
  keyStart: number;
  keyLength: number;
  valueStart: number;
  valueLength: number;
  end: number;
}

/** The message at `at` in `data` (not past `end`), or undefined when the fetch ended inside it. */
export function readLegacyMessage(data: Uint8Array, at: number, end: number): LegacyMessage | undefined {
  if (at + LOG_OVERHEAD > end) return undefined;
  const messageEnd = at + LOG_OVERHEAD + readInt32(data, at + SIZE_AT);
  if (messageEnd > end) return undefined;
  const magic = data[at + MAGIC_AT] as number;
  const attributes = data[at + ATTRIBUTES_AT] as number;
  const timestamp = magic === 0 ? NO_TIMESTAMP : readInt64(data, at + V0_KEY_AT);
  const keyAt = magic === 0 ? V0_KEY_AT : V0_KEY_AT + 8;
  const keyLength = readInt32(data, at + keyAt);
  const valueAt = at + keyAt + 4 + Math.max(0, keyLength);
  const valueLength = readInt32(data, valueAt);
  const valueEnd = valueAt + 4 + Math.max(0, valueLength);
  if (valueEnd > messageEnd || messageEnd < at + V0_KEY_AT) throw new CorruptBatchError(`a message at offset ${readInt64(data, at)} runs past its size`);
  return { offset: readInt64(data, at), magic, attributes, timestamp, keyStart: at + keyAt + 4, keyLength, valueStart: valueAt + 4, valueLength, end: messageEnd };
}

/** Appends the records of one message (a wrapper's, decompressed) at or after `fetchOffset` to `out`. */
export function decodeLegacyMessage(data: Uint8Array, message: LegacyMessage, fetchOffset: number, out: RecordColumns): void {
  const codec = message.attributes & CODEC_MASK;
  if (codec === 0) {
    if (message.offset >= fetchOffset) push(out, data, message, message.offset, message.timestamp);
    return;
  }
  const inner = decompressBatch(codec, Buffer.from(data.buffer, data.byteOffset + message.valueStart, Math.max(0, message.valueLength)));
  const messages: LegacyMessage[] = [];
  for (let at = 0; at < inner.length; ) {
    const m = readLegacyMessage(inner, at, inner.length);
    if (!m) throw new CorruptBatchError(`the compressed message at offset ${message.offset} holds a cut message`);
    messages.push(m);
    at = m.end;
  }
  const last = messages[messages.length - 1]?.offset ?? 0;
  for (const m of messages) {
    const offset = message.magic === 0 ? m.offset : message.offset - last + m.offset;
    const timestamp = message.magic > 0 && (message.attributes & LOG_APPEND_TIME) !== 0 ? message.timestamp : m.timestamp;
    if (offset >= fetchOffset) push(out, inner, m, offset, timestamp);
  }
}

function push(out: RecordColumns, source: Uint8Array, m: LegacyMessage, offset: number, timestamp: number): void {
  // no headers before v2: an empty range
  out.push(source, offset, timestamp, m.keyStart, m.keyLength, m.valueStart, m.valueLength, m.end, m.end);
}

function readInt32(data: Uint8Array, at: number): number {
  return ((data[at] as number) << 24) | ((data[at + 1] as number) << 16) | ((data[at + 2] as number) << 8) | (data[at + 3] as number);
}
