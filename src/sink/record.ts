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

export const DEFAULT_MAX_VALUE_BYTES = 256 * 1024;

export type Conversion = { ok: true; record: SinkRecord } | { ok: false; reason: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Builds the exported record. Null keys stay `null`; a tombstone (null value) is exported as
 * `value: null, valueSize: 0` so that every offset is accounted for in OSS. Bytes that are not valid
 * UTF-8 are not mangled: the record is refused with the reason, for the failure policy to handle.
 */
export function toSinkRecord(message: SinkMessage, maxValueBytes = DEFAULT_MAX_VALUE_BYTES): Conversion {
  const key = decode(message.key);
  if (!key.ok) return { ok: false, reason: `key is not valid UTF-8 (${key.detail})` };
  const value = decode(message.value);
  if (!value.ok) return { ok: false, reason: `value is not valid UTF-8 (${value.detail})` };
  let text = value.text;
  let overflowFlag = false;
  const valueSize = value.bytes === null ? 0 : value.bytes.length;
  if (value.bytes !== null && valueSize > maxValueBytes) {
    text = strictUtf8.decode(value.bytes.subarray(0, utf8CutPoint(value.bytes, maxValueBytes)));
    overflowFlag = true;
  }
  return {
    ok: true,
    record: {
      key: key.text,
      offset: message.offset,
      overflowFlag,
      partition: message.partition,
      timestamp: message.timestamp,
      topic: message.topic,
      value: text,
      valueSize,
    },
  };
}

/** The record as JSON with the fields in the contract's order (object literal order is JSON.stringify's order). */
export function encodeRecord(record: SinkRecord): string {
  return JSON.stringify({
    key: record.key,
    offset: record.offset,
    overflowFlag: record.overflowFlag,
    partition: record.partition,
    timestamp: record.timestamp,
    topic: record.topic,
    value: record.value,
    valueSize: record.valueSize,
  });
}

/** An object's body: a JSON array, one record per line. */
export function encodeObject(encodedRecords: readonly string[]): string {
  return `[\n${encodedRecords.join(',\n')}\n]\n`;
}

/** The largest length ≤ limit that does not split a UTF-8 sequence (continuation bytes are 0b10xxxxxx). */
export function utf8CutPoint(bytes: Uint8Array, limit: number): number {
  if (bytes.length <= limit) return bytes.length;
  let cut = limit;
  while (cut > 0 && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut;
}

type Decoded = { ok: true; text: string | null; bytes: Uint8Array | null } | { ok: false; detail: string };

function decode(input: Buffer | string | null): Decoded {
  if (input === null) return { ok: true, text: null, bytes: null };
  if (typeof input === 'string') return { ok: true, text: input, bytes: Buffer.from(input, 'utf8') };
  try {
    return { ok: true, text: strictUtf8.decode(input), bytes: input };
  } catch {
    return { ok: false, detail: `first bad byte at index ${firstInvalidByte(input)}` };
  }
}

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
