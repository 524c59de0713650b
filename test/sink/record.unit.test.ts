import { describe, expect, it } from 'vitest';
import { ObjectBody } from '../../src/sink/object-body.js';
import { MessageRecords } from '../../src/kafka/fetched-records.js';
import { isRefusal, RecordEncoder, utf8CutPoint, type PartitionMessage, type RecordRefusal, type SinkRecord } from '../../src/sink/record.js';

const message: PartitionMessage = { offset: 42, timestamp: 1603779578478, key: Buffer.from('123'), value: Buffer.from('1') };
const encoder = new RecordEncoder('orders', 3);

const bytesOf = (b: Buffer | string | null) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b);

/** The message's line as the encoder writes it into a buffer of exactly its announced size, or its refusal. */
function encode(enc: RecordEncoder, m: PartitionMessage): { line: string } | RecordRefusal {
  const records = new MessageRecords([{ offset: m.offset, timestamp: m.timestamp, key: bytesOf(m.key), value: bytesOf(m.value) }]);
  const size = enc.prepare(records, 0);
  if (isRefusal(size)) return size;
  // written past the start of a larger buffer, as into an object body
  const target = Buffer.alloc(size + 10, 0xff);
  expect(enc.write(target, 5)).toBe(5 + size);
  expect([target[4], target[5 + size]]).toEqual([0xff, 0xff]);
  return { line: target.subarray(5, 5 + size).toString('utf8') };
}

function text(encoded: { line: string } | RecordRefusal): string {
  if ('reason' in encoded) throw new Error(encoded.reason);
  return encoded.line;
}

function record(encoded: { line: string } | RecordRefusal): SinkRecord {
  return JSON.parse(text(encoded)) as SinkRecord;
}

/** The contract written the slow, obvious way: decode, cut, JSON.stringify an object in field order. */
function referenceLine(m: PartitionMessage, topic: string, partition: number, maxValueBytes: number): string {
  const decode = (b: Buffer | string | null) => (b === null ? null : typeof b === 'string' ? b : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b));
  const valueBytes = m.value === null ? null : typeof m.value === 'string' ? Buffer.from(m.value, 'utf8') : m.value;
  const valueSize = valueBytes?.length ?? 0;
  const overflowFlag = valueSize > maxValueBytes;
  const value = valueBytes === null ? null : decode(overflowFlag ? valueBytes.subarray(0, utf8CutPoint(valueBytes, maxValueBytes)) : valueBytes);
  return JSON.stringify({ key: decode(m.key), offset: m.offset, overflowFlag, partition, timestamp: m.timestamp, topic, value, valueSize });
}

describe('RecordEncoder', () => {
  it('writes the fields in the console order with UTF-8 strings and the value size in bytes', () => {
    const line = encode(encoder, { ...message, value: Buffer.from('héllo ✓', 'utf8') });
    expect(Object.keys(record(line))).toEqual(['key', 'offset', 'overflowFlag', 'partition', 'timestamp', 'topic', 'value', 'valueSize']);
    expect(text(line)).toBe('{"key":"123","offset":42,"overflowFlag":false,"partition":3,"timestamp":1603779578478,"topic":"orders","value":"héllo ✓","valueSize":10}');
  });

  it('keeps a null key as null and exports a tombstone as value null with size 0', () => {
    expect(record(encode(encoder, { ...message, key: null, value: null }))).toEqual({
      key: null, offset: 42, overflowFlag: false, partition: 3, timestamp: 1603779578478, topic: 'orders', value: null, valueSize: 0,
    });
  });

  it('cuts a 300 KiB value to the 256 KiB limit and flags it, keeping the full size', () => {
    const r = record(encode(encoder, { ...message, value: Buffer.alloc(300 * 1024, 'a') }));
    expect(r.overflowFlag).toBe(true);
    expect(r.valueSize).toBe(307200);
    expect(r.value).toHaveLength(262144);
  });

  it('cuts at a character boundary, never inside a multi-byte character', () => {
    // 'é' is 2 bytes: 5 of them are 10 bytes; a limit of 5 bytes keeps 2 characters (4 bytes)
    const r = record(encode(new RecordEncoder('orders', 3, 5), { ...message, value: Buffer.from('ééééé', 'utf8') }));
    expect(r).toMatchObject({ value: 'éé', valueSize: 10, overflowFlag: true });
  });

  it('refuses invalid UTF-8 in the value or the key with the reason instead of mangling it', () => {
    expect(encode(encoder, { ...message, value: Buffer.from([0x61, 0x62, 0xff, 0x63]) })).toEqual({ reason: 'value is not valid UTF-8 (first bad byte at index 2)' });
    expect(encode(encoder, { ...message, key: Buffer.from([0xc3]) })).toEqual({ reason: 'key is not valid UTF-8 (first bad byte at index 0)' });
    // a UTF-16 surrogate encoded as UTF-8 (CESU) is not UTF-8 either
    expect(encode(encoder, { ...message, value: Buffer.from([0xed, 0xa0, 0x80]) })).toHaveProperty('reason');
  });

  it('accepts strings (the FC event) as they are', () => {
    expect(record(encode(encoder, { ...message, key: 'k', value: '值' }))).toMatchObject({ key: 'k', value: '值', valueSize: 3 });
  });

  it('writes offsets, timestamps and sizes exactly as JSON.stringify does, at every digit count and sign', () => {
    const numbers = [0, 1, 9, 10, 99, 100, 12345, 1603779578478, 2 ** 31, 2 ** 53 - 1, 2 ** 60];
    for (const n of numbers) {
      const m: PartitionMessage = { offset: n, timestamp: n === 0 ? -1 : n, key: null, value: Buffer.alloc(n % 300, 'v') };
      expect(text(encode(encoder, m))).toBe(referenceLine(m, 'orders', 3, 262144));
    }
  });

  it('escapes what JSON must escape, in keys, values and topic names', () => {
    const tricky = 'quote " backslash \\ newline \n tab \t nul \u0000 del \u007f é 😀 \u2028';
    const line = encode(new RecordEncoder('a.b-c_d', 0), { ...message, key: Buffer.from(tricky), value: Buffer.from(tricky) });
    expect(record(line)).toMatchObject({ key: tricky, value: tricky, topic: 'a.b-c_d' });
    expect(text(line)).toBe(referenceLine({ ...message, key: Buffer.from(tricky), value: Buffer.from(tricky) }, 'a.b-c_d', 0, 262144));
  });

  it('matches the reference encoding byte for byte on random UTF-8 keys and values, cut or not', () => {
    const alphabet = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\r', '\u0001', '\u001f', '\u007f', 'é', 'ß', '✓', '値', '😀', '\u2028', '\ufeff'];
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const randomText = () => Array.from({ length: random(40) }, () => alphabet[random(alphabet.length)]).join('');
    for (let i = 0; i < 2000; i += 1) {
      const max = 1 + random(60);
      const m: PartitionMessage = {
        offset: random(1e9),
        timestamp: 1_700_000_000_000 + random(1e9),
        key: random(5) === 0 ? null : Buffer.from(randomText(), 'utf8'),
        value: random(7) === 0 ? null : random(2) === 0 ? randomText() : Buffer.from(randomText(), 'utf8'),
      };
      const line = encode(new RecordEncoder('t', 5, max), m);
      expect(text(line)).toBe(referenceLine(m, 't', 5, max));
    }
  });
});

describe('RecordEncoder escaping', () => {
  it('finds a byte to escape at any position and alignment, and only those', () => {
    const arena = Buffer.alloc(64 + 8, 'a');
    const enc = new RecordEncoder('t', 0);
    for (let byte = 0; byte < 0x80; byte += 1) {
      for (let start = 0; start < 4; start += 1) {
        for (const length of [1, 3, 4, 5, 8, 13, 31, 64]) {
          for (let at = 0; at < length; at += 1) {
            arena.fill('a');
            arena[start + at] = byte;
            const value = arena.subarray(start, start + length);
            const m: PartitionMessage = { ...message, key: null, value };
            expect(text(encode(enc, m))).toBe(referenceLine(m, 't', 0, 262144));
          }
        }
      }
    }
  });
});

describe('utf8CutPoint', () => {
  it('backs up over continuation bytes of a 4-byte character', () => {
    const bytes = Buffer.from('a😀', 'utf8'); // 1 + 4 bytes
    expect(utf8CutPoint(bytes, 3)).toBe(1);
    expect(utf8CutPoint(bytes, 5)).toBe(5);
    expect(utf8CutPoint(bytes, 10)).toBe(5);
  });
});

describe('ObjectBody', () => {
  /** Prepares the value's record in a fresh encoder; the body then writes it. */
  const lineOf = (value: string) => {
    const enc = new RecordEncoder('orders', 3);
    const size = enc.prepare(new MessageRecords([{ offset: 42, timestamp: 1603779578478, key: Buffer.from('123'), value: Buffer.from(value, 'utf8') }]), 0);
    if (isRefusal(size)) throw new Error(size.reason);
    return { enc, size, text: text(encode(new RecordEncoder('orders', 3), { ...message, value: Buffer.from(value, 'utf8') })) };
  };

  it('is a JSON array with one record per line, and is reused after clear', () => {
    const body = new ObjectBody(64);
    const lines = [lineOf('é'), lineOf('2'), lineOf('😀'.repeat(40_000))];
    for (const line of lines) body.add(line.enc, line.size);
    expect(body.records).toBe(3);
    const written = body.finish().toString('utf8');
    expect(written).toBe(`[\n${lines.map((l) => l.text).join(',\n')}\n]\n`);
    expect((JSON.parse(written) as SinkRecord[]).map((r) => r.value)).toEqual(['é', '2', '😀'.repeat(40_000)]);
    body.clear();
    const d = lineOf('d');
    body.add(d.enc, d.size);
    expect((JSON.parse(body.finish().toString('utf8')) as SinkRecord[]).map((r) => r.value)).toEqual(['d']);
  });

  it('counts the bytes a line adds, separator included', () => {
    const body = new ObjectBody();
    const line = lineOf('ééé');
    expect(body.sizeOf(line.size)).toBe(Buffer.byteLength(line.text) + 2);
    body.add(line.enc, line.size);
    expect(body.bytes).toBe(body.sizeOf(line.size));
  });

  it('writes an empty array for an object with no records', () => {
    expect(new ObjectBody().finish().toString()).toBe('[\n]\n');
  });
});
