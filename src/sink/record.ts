import { isUtf8 } from 'node:buffer';
import type { FetchedRecords } from '../kafka/client.js';
import { decimalLength, MAX_ESCAPE_GROWTH, NEEDS_ESCAPE, NOT_ASCII, scanJsonText, writeDecimal, writeEscaped } from './json-bytes.js';

/**
 * One exported record, exactly as the console's connector writes it:
 * {"key","offset","overflowFlag","partition","timestamp","topic","value","valueSize"} in that order.
 */
export interface SinkRecord {
  key: string | null;
  offset: number;
  overflowFlag: boolean;
  partition: number;
  timestamp: number;
  topic: string;
  value: string | null;
  valueSize: number;
}

/** A message as the sink receives it: raw bytes from Kafka (local runner) or strings from EventBridge (FC). */
export interface SinkMessage {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
}

/** What the encoder needs of a message; its topic and partition are the encoder's. */
export type PartitionMessage = Omit<SinkMessage, 'topic' | 'partition'>;

export const DEFAULT_MAX_VALUE_BYTES = 256 * 1024;

/** Why a message cannot be exported (today: bytes that are not UTF-8); the failure policy decides what follows. */
export interface RecordRefusal {
  reason: string;
}

/** The ASCII between the fields; the partition and topic are constant per encoder, so they are in here. */
const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const OPEN_KEY = ascii('{"key":');
const OFFSET = ascii(',"offset":');
const OVERFLOW_TRUE = ascii(',"overflowFlag":true');
const OVERFLOW_FALSE = ascii(',"overflowFlag":false');
const VALUE_SIZE = ascii(',"valueSize":');
const NULL = ascii('null');
const CLOSE = 0x7d; // }
const QUOTE = 0x22;
const NO_BYTES = new Uint8Array(0);

/**
 * One JSON string field of the line being encoded (key or value): its bytes where they are, and, when they
 * need escaping, the escaped contents in a scratch buffer of the field's own, reused from record to record.
 */
class StringField {
  source: Uint8Array = NO_BYTES;
  start = 0;
  /** -1: null. */
  length = -1;
  /** Length of the escaped contents in `scratch`; -1: the bytes go as they are. */
  escaped = -1;
  private scratch = Buffer.alloc(0);

  /** Takes `source[start, start + length)`; returns the refusal's reason when the bytes are not UTF-8. */
  take(source: Uint8Array, start: number, length: number, utf8Checked: boolean): string | undefined {
    this.source = source;
    this.start = start;
    this.length = length;
    this.escaped = -1;
    if (length < 0) return undefined;
    const end = start + length;
    const found = scanJsonText(source, start, end);
    // with NEEDS_ESCAPE the scan stopped early: whether the rest is ASCII is not known, isUtf8 (native) decides
    if ((found & (NOT_ASCII | NEEDS_ESCAPE)) !== 0 && !utf8Checked) {
      const bytes = Buffer.from(source.buffer, source.byteOffset + start, length);
      if (!isUtf8(bytes)) return `not valid UTF-8 (first bad byte at index ${firstInvalidByte(bytes)})`;
    }
    if ((found & NEEDS_ESCAPE) !== 0) {
      if (this.scratch.length < length * MAX_ESCAPE_GROWTH) this.scratch = Buffer.allocUnsafe(Math.max(1024, length * MAX_ESCAPE_GROWTH));
      this.escaped = writeEscaped(source, start, end, this.scratch, 0);
    }
    return undefined;
  }

  /** Bytes of the field as JSON: null, or the quoted (escaped) contents. */
  get size(): number {
    if (this.length < 0) return NULL.length;
    return (this.escaped >= 0 ? this.escaped : this.length) + 2;
  }

  write(target: Buffer, at: number): number {
    if (this.length < 0) return put(target, at, NULL);
    target[at] = QUOTE;
    let end = at + 1;
    if (this.escaped >= 0) end += this.scratch.copy(target, end, 0, this.escaped);
    else end = copyBytes(this.source, this.start, this.length, target, end);
    target[end] = QUOTE;
    return end + 1;
  }
}

/**
 * Encodes the records of one partition as exported-record JSON lines, straight from Kafka's bytes: `prepare`
 * checks and measures record i (no object per record), `write` puts the prepared line into an object body.
 *
 * Null keys stay `null`; a tombstone (null value) is exported as `value: null, valueSize: 0` so that every
 * offset is accounted for in OSS. A value above `maxValueBytes` is cut at the last character boundary at or
 * below the limit and flagged; `valueSize` is always the full size in bytes.
 */
export class RecordEncoder {
  private readonly partitionAndTimestamp: Uint8Array;
  private readonly topicAndValue: Uint8Array;
  private readonly key = new StringField();
  private readonly value = new StringField();
  private offset = 0;
  private timestamp = 0;
  private valueSize = 0;
  private overflow = false;
  private size = 0;

  constructor(
    topic: string,
    partition: number,
    private readonly maxValueBytes = DEFAULT_MAX_VALUE_BYTES,
  ) {
    this.partitionAndTimestamp = ascii(`,"partition":${partition},"timestamp":`);
    this.topicAndValue = Uint8Array.from(Buffer.from(`,"topic":${JSON.stringify(topic)},"value":`, 'utf8'));
  }

  /** Prepares record `i`: the size of its line in bytes, or why it cannot be exported. */
  prepare(records: FetchedRecords, i: number): number | RecordRefusal {
    const keyProblem = this.key.take(records.keySource(i), records.keyStart(i), records.keyLength(i), false);
    if (keyProblem) return { reason: `key is ${keyProblem}` };
    const valueSource = records.valueSource(i);
    const valueStart = records.valueStart(i);
    const valueSize = records.valueLength(i);
    this.overflow = valueSize > this.maxValueBytes;
    let cut = valueSize;
    if (this.overflow) {
      // the whole value must be UTF-8, not only the part kept
      const full = Buffer.from(valueSource.buffer, valueSource.byteOffset + valueStart, valueSize);
      if (!isUtf8(full)) return { reason: `value is not valid UTF-8 (first bad byte at index ${firstInvalidByte(full)})` };
      cut = utf8CutPoint(full, this.maxValueBytes);
    }
    const valueProblem = this.value.take(valueSource, valueStart, cut, this.overflow);
    if (valueProblem) return { reason: `value is ${valueProblem}` };
    this.offset = records.offset(i);
    this.timestamp = records.timestamp(i);
    this.valueSize = Math.max(0, valueSize);
    this.size =
      OPEN_KEY.length +
      this.key.size +
      OFFSET.length +
      decimalLength(this.offset) +
      (this.overflow ? OVERFLOW_TRUE.length : OVERFLOW_FALSE.length) +
      this.partitionAndTimestamp.length +
      decimalLength(this.timestamp) +
      this.topicAndValue.length +
      this.value.size +
      VALUE_SIZE.length +
      decimalLength(this.valueSize) +
      1;
    return this.size;
  }

  /** Writes the prepared line at `at` (the caller made room for its size); returns the position after it. */
  write(target: Buffer, at: number): number {
    let end = put(target, at, OPEN_KEY);
    end = this.key.write(target, end);
    end = put(target, end, OFFSET);
    end = writeDecimal(target, end, this.offset);
    end = put(target, end, this.overflow ? OVERFLOW_TRUE : OVERFLOW_FALSE);
    end = put(target, end, this.partitionAndTimestamp);
    end = writeDecimal(target, end, this.timestamp);
    end = put(target, end, this.topicAndValue);
    end = this.value.write(target, end);
    end = put(target, end, VALUE_SIZE);
    end = writeDecimal(target, end, this.valueSize);
    target[end] = CLOSE;
    if (end + 1 - at !== this.size) throw new Error(`record line of ${end + 1 - at} bytes, ${this.size} expected`);
    return end + 1;
  }
}

export function isRefusal(prepared: number | RecordRefusal): prepared is RecordRefusal {
  return typeof prepared !== 'number';
}

/** A few bytes are copied one by one: cheaper than the view a native copy needs. */
const VIEW_WORTH_BYTES = 16;

function copyBytes(source: Uint8Array, start: number, length: number, target: Uint8Array, at: number): number {
  if (length <= VIEW_WORTH_BYTES) {
    for (let i = 0; i < length; i += 1) target[at + i] = source[start + i] as number;
  } else {
    // a plain Uint8Array view: cheaper to make than a Buffer's subarray (no species constructor)
    target.set(length === source.length ? source : new Uint8Array(source.buffer, source.byteOffset + start, length), at);
  }
  return at + length;
}

function put(target: Buffer, at: number, bytes: Uint8Array): number {
  target.set(bytes, at);
  return at + bytes.length;
}

/** The largest length ≤ limit that does not split a UTF-8 sequence (continuation bytes are 0b10xxxxxx). */
export function utf8CutPoint(bytes: Uint8Array, limit: number): number {
  if (bytes.length <= limit) return bytes.length;
  let cut = limit;
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Only for the refusal message: where the first byte is that does not start a valid sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      strictUtf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return i;
}
