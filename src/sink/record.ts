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
 * One record ready to be written: its JSON line in parts, with its exact size. The key and value are the
 * message's own UTF-8 bytes (checked with `isUtf8`), copied into the object as they are, escaped only where
 * JSON requires it (quote, backslash, controls below 0x20, all ASCII; the bytes of multi-byte characters are
 * all ≥ 0x80 and pass through). Nothing is decoded to text and encoded back.
 */
export interface EncodedLine {
  /** Bytes of the whole line. */
  readonly size: number;
  readonly key: Buffer | null;
  readonly keyEscaped: boolean;
  /** `,"offset":…,"value":` — ASCII. */
  readonly middle: string;
  readonly value: Buffer | null;
  readonly valueEscaped: boolean;
  /** `,"valueSize":…}` — ASCII. */
  readonly tail: string;
}

/**
 * Encodes the messages of one partition as exported-record JSON lines. Strings (FC events) are encoded to
 * UTF-8 first and take the same path as Kafka's bytes.
 *
 * Null keys stay `null`; a tombstone (null value) is exported as `value: null, valueSize: 0` so that every
 * offset is accounted for in OSS. A value above `maxValueBytes` is cut at the last character boundary at or
 * below the limit and flagged; `valueSize` is always the full size in bytes.
 */
export class RecordEncoder {
  /** The constant parts of every line of the partition, between the fields that change. */
  private readonly afterOverflowFlag: string;
  private readonly afterTimestamp: string;

  constructor(
    topic: string,
    partition: number,
    private readonly maxValueBytes = DEFAULT_MAX_VALUE_BYTES,
  ) {
    this.afterOverflowFlag = `,"partition":${partition},"timestamp":`;
    this.afterTimestamp = `,"topic":${Buffer.from(JSON.stringify(topic), 'utf8').toString('latin1')},"value":`;
  }

  /** The record's line, or why it is refused. */
  encode(message: PartitionMessage): EncodedLine | RecordRefusal {
    const key = bytesOf(message.key);
    if (key !== null && !isUtf8(key)) return { reason: `key is not valid UTF-8 (first bad byte at index ${firstInvalidByte(key)})` };
    const full = bytesOf(message.value);
    if (full !== null && !isUtf8(full)) return { reason: `value is not valid UTF-8 (first bad byte at index ${firstInvalidByte(full)})` };
    const valueSize = full === null ? 0 : full.length;
    const overflow = valueSize > this.maxValueBytes;
    const value = full !== null && overflow ? full.subarray(0, utf8CutPoint(full, this.maxValueBytes)) : full;
    const middle =
      ',"offset":' + message.offset + (overflow ? ',"overflowFlag":true' : ',"overflowFlag":false') + this.afterOverflowFlag + message.timestamp + this.afterTimestamp;
    const tail = ',"valueSize":' + valueSize + '}';
    const keyEscaped = key !== null && needsEscaping(key);
    const valueEscaped = value !== null && needsEscaping(value);
    const size = 7 + jsonStringSize(key, keyEscaped) + middle.length + jsonStringSize(value, valueEscaped) + tail.length; // 7: {"key":
    return { size, key, keyEscaped, middle, value, valueEscaped, tail };
  }
}

export function isRefusal(encoded: EncodedLine | RecordRefusal): encoded is RecordRefusal {
  return !('size' in encoded);
}

/** Writes the line at `at` (the caller made room for `line.size` bytes); returns the position after it. */
export function writeLine(target: Buffer, at: number, line: EncodedLine): number {
  let end = at + target.write('{"key":', at, 'latin1');
  end = writeJsonString(target, end, line.key, line.keyEscaped);
  end += target.write(line.middle, end, 'latin1');
  end = writeJsonString(target, end, line.value, line.valueEscaped);
  return end + target.write(line.tail, end, 'latin1');
}

/** Bytes JSON must escape: quote, backslash and the controls below 0x20. */
const ESCAPE = new Uint8Array(256);
for (let c = 0; c < 0x20; c += 1) ESCAPE[c] = 1;
ESCAPE[0x22] = 1;
ESCAPE[0x5c] = 1;
/** The letter of the short escapes JSON.stringify uses (\n, \" …); 0: the control becomes \u00XX. */
const SHORT_ESCAPE = new Uint8Array(256);
for (const [byte, letter] of [[0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0c, 'f'], [0x0d, 'r'], [0x22, '"'], [0x5c, '\\']] as const) {
  SHORT_ESCAPE[byte] = letter.charCodeAt(0);
}
const HEX = Buffer.from('0123456789abcdef', 'latin1');

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

function jsonStringSize(bytes: Buffer | null, escaped: boolean): number {
  if (bytes === null) return 4; // null
  let size = bytes.length + 2;
  if (escaped) {
    for (let i = 0; i < bytes.length; i += 1) {
      const b = bytes[i] as number;
      if (ESCAPE[b] === 1) size += SHORT_ESCAPE[b] === 0 ? 5 : 1;
    }
  }
  return size;
}

function writeJsonString(target: Buffer, at: number, bytes: Buffer | null, escaped: boolean): number {
  if (bytes === null) return at + target.write('null', at, 'latin1');
  let end = at;
  target[end++] = 0x22;
  if (!escaped) {
    end += bytes.copy(target, end);
  } else {
    for (let i = 0; i < bytes.length; i += 1) {
      const b = bytes[i] as number;
      if (ESCAPE[b] !== 1) {
        target[end++] = b;
        continue;
      }
      target[end++] = 0x5c;
      const short = SHORT_ESCAPE[b] as number;
      if (short !== 0) {
        target[end++] = short;
      } else {
        target[end++] = 0x75; // u00XX
        target[end++] = 0x30;
        target[end++] = 0x30;
        target[end++] = HEX[b >> 4] as number;
        target[end++] = HEX[b & 15] as number;
      }
    }
  }
  target[end++] = 0x22;
  return end;
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
