import { describe, expect, it } from 'vitest';
import { encodeObject, encodeRecord, toSinkRecord, utf8CutPoint, type SinkMessage } from '../../src/sink/record.js';

const base: SinkMessage = { topic: 'orders', partition: 3, offset: 42, timestamp: 1603779578478, key: Buffer.from('123'), value: Buffer.from('1') };

describe('toSinkRecord', () => {
  it('writes the fields in the console order with UTF-8 strings and the value size in bytes', () => {
    const converted = toSinkRecord({ ...base, value: Buffer.from('héllo ✓', 'utf8') });
    expect(converted.ok).toBe(true);
    if (!converted.ok) return;
    const json = encodeRecord(converted.record);
    expect(Object.keys(JSON.parse(json) as object)).toEqual(['key', 'offset', 'overflowFlag', 'partition', 'timestamp', 'topic', 'value', 'valueSize']);
    expect(json).toBe('{"key":"123","offset":42,"overflowFlag":false,"partition":3,"timestamp":1603779578478,"topic":"orders","value":"héllo ✓","valueSize":10}');
  });

  it('keeps a null key as null and exports a tombstone as value null with size 0', () => {
    const converted = toSinkRecord({ ...base, key: null, value: null });
    expect(converted).toEqual({
      ok: true,
      record: { key: null, offset: 42, overflowFlag: false, partition: 3, timestamp: 1603779578478, topic: 'orders', value: null, valueSize: 0 },
    });
  });

  it('cuts a 300 KiB value to the 256 KiB limit and flags it, keeping the full size', () => {
    const converted = toSinkRecord({ ...base, value: Buffer.alloc(300 * 1024, 'a') });
    if (!converted.ok) throw new Error(converted.reason);
    expect(converted.record.overflowFlag).toBe(true);
    expect(converted.record.valueSize).toBe(307200);
    expect(converted.record.value).toHaveLength(262144);
  });

  it('cuts at a character boundary, never inside a multi-byte character', () => {
    // 'é' is 2 bytes: 5 of them are 10 bytes; a limit of 5 bytes keeps 2 characters (4 bytes)
    const converted = toSinkRecord({ ...base, value: Buffer.from('ééééé', 'utf8') }, 5);
    if (!converted.ok) throw new Error(converted.reason);
    expect(converted.record.value).toBe('éé');
    expect(converted.record.valueSize).toBe(10);
    expect(converted.record.overflowFlag).toBe(true);
  });

  it('refuses invalid UTF-8 in the value or the key with the reason instead of mangling it', () => {
    const badValue = toSinkRecord({ ...base, value: Buffer.from([0x61, 0x62, 0xff, 0x63]) });
    expect(badValue).toEqual({ ok: false, reason: 'value is not valid UTF-8 (first bad byte at index 2)' });
    const badKey = toSinkRecord({ ...base, key: Buffer.from([0xc3]) });
    expect(badKey).toEqual({ ok: false, reason: 'key is not valid UTF-8 (first bad byte at index 0)' });
  });

  it('accepts strings (the FC event) as they are', () => {
    const converted = toSinkRecord({ ...base, key: 'k', value: '值' });
    if (!converted.ok) throw new Error(converted.reason);
    expect(converted.record).toMatchObject({ key: 'k', value: '值', valueSize: 3 });
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

describe('encodeObject', () => {
  it('is a JSON array of the records', () => {
    const body = encodeObject(['{"a":1}', '{"a":2}']);
    expect(JSON.parse(body)).toEqual([{ a: 1 }, { a: 2 }]);
  });
});

describe('ObjectBody', () => {
  it('builds the same bytes as encodeObject, and is reused after clear', async () => {
    const { ObjectBody } = await import('../../src/sink/object-body.js');
    const body = new ObjectBody();
    const lines = ['{"a":"é"}', '{"b":2}', `{"c":"${'😀'.repeat(40_000)}"}`];
    for (const line of lines) body.add(line);
    expect(body.records).toBe(3);
    expect(body.finish().toString('utf8')).toBe(encodeObject(lines));
    body.clear();
    body.add('{"d":4}');
    expect(body.finish().toString('utf8')).toBe(encodeObject(['{"d":4}']));
    expect(JSON.parse(body.finish().toString('utf8'))).toEqual([{ d: 4 }]);
  });
});
