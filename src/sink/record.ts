import { isUtf8 } from 'node:buffer';

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

/**
 * One record ready to be written, with its exact size. The key and value are the message's own UTF-8 bytes
 * (checked with `isUtf8`), copied into the object as they are, escaped only where JSON requires it (quote,
 * backslash, controls below 0x20, all ASCII; the bytes of multi-byte characters are all ≥ 0x80 and pass
 * through). Nothing is decoded to text and encoded back, and no string is built per record.
 */
export interface EncodedLine {
  /** Bytes of the whole line. */
  readonly size: number;
  readonly key: Buffer | null;
  /** The key as a JSON string literal (latin1 reading of its bytes), when it has bytes to escape. */
  readonly keyJson: string | undefined;
  readonly offset: number;
  readonly overflowFlag: boolean;
  readonly timestamp: number;
  readonly value: Buffer | null;
  readonly valueJson: string | undefined;
  readonly valueSize: number;
  /** The partition's constant parts of the line. */
  readonly labels: LineLabels;
}

/** The ASCII between the fields; the partition and topic are constant per encoder, so they are in here. */
interface LineLabels {
  readonly partitionAndTimestamp: Uint8Array;
  readonly topicAndValue: Uint8Array;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const OPEN_KEY = ascii('{"key":');
const OFFSET = ascii(',"offset":');
const OVERFLOW_TRUE = ascii(',"overflowFlag":true');
const OVERFLOW_FALSE = ascii(',"overflowFlag":false');
const VALUE_SIZE = ascii(',"valueSize":');
const NULL = ascii('null');
const CLOSE = 0x7d; // }
const QUOTE = 0x22;

/**
 * Encodes the messages of one partition as exported-record JSON lines. Strings (FC events) are encoded to
 * UTF-8 first and take the same path as Kafka's bytes.
 *
 * Null keys stay `null`; a tombstone (null value) is exported as `value: null, valueSize: 0` so that every
 * offset is accounted for in OSS. A value above `maxValueBytes` is cut at the last character boundary at or
 * below the limit and flagged; `valueSize` is always the full size in bytes.
 */
export class RecordEncoder {
  private readonly labels: LineLabels;

  constructor(
    topic: string,
    partition: number,
    private readonly maxValueBytes = DEFAULT_MAX_VALUE_BYTES,
  ) {
    this.labels = {
      partitionAndTimestamp: ascii(`,"partition":${partition},"timestamp":`),
      topicAndValue: Uint8Array.from(Buffer.from(`,"topic":${JSON.stringify(topic)},"value":`, 'utf8')),
    };
  }

  /** The record's line, or why it is refused. */
  encode(message: PartitionMessage): EncodedLine | RecordRefusal {
    const key = bytesOf(message.key);
    if (key !== null && !isUtf8(key)) return { reason: `key is not valid UTF-8 (first bad byte at index ${firstInvalidByte(key)})` };
    const full = bytesOf(message.value);
    if (full !== null && !isUtf8(full)) return { reason: `value is not valid UTF-8 (first bad byte at index ${firstInvalidByte(full)})` };
    const { offset, timestamp } = message;
    const valueSize = full === null ? 0 : full.length;
    const overflowFlag = valueSize > this.maxValueBytes;
    const value = full !== null && overflowFlag ? full.subarray(0, utf8CutPoint(full, this.maxValueBytes)) : full;
    const keyJson = key !== null && needsEscaping(key) ? escapedJson(key) : undefined;
    const valueJson = value !== null && needsEscaping(value) ? escapedJson(value) : undefined;
    const labels = this.labels;
    const size =
      OPEN_KEY.length +
      jsonStringSize(key, keyJson) +
      OFFSET.length +
      decimalLength(offset) +
      (overflowFlag ? OVERFLOW_TRUE.length : OVERFLOW_FALSE.length) +
      labels.partitionAndTimestamp.length +
      decimalLength(timestamp) +
      labels.topicAndValue.length +
      jsonStringSize(value, valueJson) +
      VALUE_SIZE.length +
      decimalLength(valueSize) +
      1;
    return { size, key, keyJson, offset, overflowFlag, timestamp, value, valueJson, valueSize, labels };
  }
}

export function isRefusal(encoded: EncodedLine | RecordRefusal): encoded is RecordRefusal {
  return !('size' in encoded);
}

/** Writes the line at `at` (the caller made room for `line.size` bytes); returns the position after it. */
export function writeLine(target: Buffer, at: number, line: EncodedLine): number {
  let end = put(target, at, OPEN_KEY);
  end = writeJsonString(target, end, line.key, line.keyJson);
  end = put(target, end, OFFSET);
  end = writeDecimal(target, end, line.offset);
  end = put(target, end, line.overflowFlag ? OVERFLOW_TRUE : OVERFLOW_FALSE);
  end = put(target, end, line.labels.partitionAndTimestamp);
  end = writeDecimal(target, end, line.timestamp);
  end = put(target, end, line.labels.topicAndValue);
  end = writeJsonString(target, end, line.value, line.valueJson);
  end = put(target, end, VALUE_SIZE);
  end = writeDecimal(target, end, line.valueSize);
  target[end] = CLOSE;
  return end + 1;
}

function put(target: Buffer, at: number, bytes: Uint8Array): number {
  target.set(bytes, at);
  return at + bytes.length;
}

/** Digits of an integer as JSON writes it (offsets, timestamps, sizes are safe integers; -1 is a missing timestamp). */
function decimalLength(n: number): number {
  if (!Number.isSafeInteger(n)) return JSON.stringify(n).length;
  if (n < 0) return 1 + decimalLength(-n);
  let length = 1;
  for (let bound = 10; n >= bound && length < 16; bound *= 10) length += 1;
  return length;
}

function writeDecimal(target: Buffer, at: number, n: number): number {
  if (!Number.isSafeInteger(n)) return at + target.write(JSON.stringify(n), at, 'latin1');
  if (n < 0) {
    target[at] = 0x2d; // -
    return writeDecimal(target, at + 1, -n);
  }
  const end = at + decimalLength(n);
  let rest = n;
  let i = end;
  do {
    target[--i] = 0x30 + (rest % 10);
    rest = Math.floor(rest / 10);
  } while (rest > 0);
  return end;
}

/** Bytes JSON must escape: quote, backslash and the controls below 0x20. */
const ESCAPE = new Uint8Array(256);
for (let c = 0; c < 0x20; c += 1) ESCAPE[c] = 1;
ESCAPE[0x22] = 1;
ESCAPE[0x5c] = 1;
let wordsBuffer: ArrayBufferLike | undefined;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);

/** Whether any byte needs escaping; four bytes at a time over the 4-byte-aligned middle (SWAR). */
function needsEscaping(bytes: Buffer): boolean {
  const end = bytes.length;
  const base = bytes.byteOffset;
  let i = 0;
  while (i < end && ((base + i) & 3) !== 0) {
    if (ESCAPE[bytes[i] as number] === 1) return true;
    i += 1;
  }
  const count = (end - i) >> 2;
  if (count > 0) {
    if (wordsBuffer !== bytes.buffer) {
      wordsBuffer = bytes.buffer;
      words = new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >> 2);
    }
    const first = (base + i) >> 2;
    const last = first + count;
    for (let k = first; k < last; k += 1) {
      const w = words[k] as number;
      // a zero byte in x ⇔ ((x - 0x01010101) & ~x & 0x80808080) ≠ 0; below 0x20 ⇔ the top three bits are zero
      const low = w & 0xe0e0e0e0;
      const quote = w ^ 0x22222222;
      const backslash = w ^ 0x5c5c5c5c;
      if ((((low - 0x01010101) & ~low) | ((quote - 0x01010101) & ~quote) | ((backslash - 0x01010101) & ~backslash)) & 0x80808080) return true;
    }
    i += count << 2;
  }
  while (i < end) {
    if (ESCAPE[bytes[i] as number] === 1) return true;
    i += 1;
  }
  return false;
}

/**
 * The bytes as a JSON string literal in latin1 reading. For valid UTF-8, JSON.stringify of the latin1 reading
 * escapes exactly what JSON of the decoded text escapes (all of it ASCII) and leaves the bytes ≥ 0x80 alone,
 * so writing the result back as latin1 gives the right UTF-8 JSON.
 */
function escapedJson(bytes: Buffer): string {
  return JSON.stringify(bytes.toString('latin1'));
}

function jsonStringSize(bytes: Buffer | null, json: string | undefined): number {
  if (bytes === null) return NULL.length;
  return json === undefined ? bytes.length + 2 : json.length;
}

function writeJsonString(target: Buffer, at: number, bytes: Buffer | null, json: string | undefined): number {
  if (bytes === null) return put(target, at, NULL);
  if (json !== undefined) return at + target.write(json, at, 'latin1');
  target[at] = QUOTE;
  target.set(bytes, at + 1);
  target[at + 1 + bytes.length] = QUOTE;
  return at + bytes.length + 2;
}

/** The largest length ≤ limit that does not split a UTF-8 sequence (continuation bytes are 0b10xxxxxx). */
export function utf8CutPoint(bytes: Uint8Array, limit: number): number {
  if (bytes.length <= limit) return bytes.length;
  let cut = limit;
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut;
}

function bytesOf(input: Buffer | string | null): Buffer | null {
  if (input === null) return null;
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
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
