import { describe, expect, it } from 'vitest';
import { ProtocolError, Reader, Writer } from '../../../src/emulator/kafka/codec.js';
import { crc32c } from '../../../src/emulator/kafka/crc32c.js';
import { FrameReader } from '../../../src/emulator/kafka/frame-reader.js';

describe('CRC-32C', () => {
  it('matches the published check values', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(32))).toBe(0x8a9136aa);
    expect(crc32c(Buffer.alloc(32, 0xff))).toBe(0x62a8ab43);
  });

  it('covers only the given range', () => {
    const buf = Buffer.from('xx123456789yy');
    expect(crc32c(buf, 2, 11)).toBe(0xe3069283);
  });
});

describe('codec', () => {
  it('round-trips compact strings, varints and tagged fields', () => {
    const w = new Writer(4).compactString('héllo').compactNullableString(null).uvarint(300).uvarint(2 ** 31).emptyTaggedFields();
    const r = new Reader(w.toBuffer());
    expect(r.compactString()).toBe('héllo');
    expect(r.compactNullableString()).toBeNull();
    expect(r.uvarint()).toBe(300);
    expect(r.uvarint()).toBe(2 ** 31);
    r.taggedFields();
    expect(r.remaining).toBe(0);
  });

  it('keeps big byte arrays by reference between encoded parts, and a size placeholder still lands where it was reserved', () => {
    const big = Buffer.alloc(64 * 1024, 0xab);
    const w = new Writer(8);
    const size = w.placeholderInt32();
    w.int32(7).nullableBytes(big).string('after').nullableBytes(Buffer.from('small'));
    size(w.length - 4);
    const chunks = w.toChunks();
    expect(chunks).toContain(big); // the very buffer, not a copy
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(w.length);
    const r = new Reader(w.toBuffer());
    expect(r.int32()).toBe(w.length - 4);
    expect(r.int32()).toBe(7);
    expect(r.nullableBytes()?.equals(big)).toBe(true);
    expect(r.string()).toBe('after');
    expect(r.nullableBytes()?.toString()).toBe('small');
  });

  it('reports a truncated read with the field and what was left', () => {
    const r = new Reader(Buffer.from([0, 10, 65]));
    expect(() => r.string()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0, 10, 65])).string()).toThrow(/string needs 10 bytes at offset 2, 1 left/);
  });
});

describe('frame reader', () => {
  it('joins frames split across chunks and splits frames sharing a chunk', () => {
    const frames = new FrameReader(1024);
    const two = Buffer.from([0, 0, 0, 2, 1, 2, 0, 0, 0, 3, 3, 4, 5]);
    expect(frames.push(two.subarray(0, 3)).frames).toEqual([]);
    expect(frames.push(two.subarray(3, 8)).frames).toEqual([Buffer.from([1, 2])]);
    expect(frames.push(two.subarray(8)).frames).toEqual([Buffer.from([3, 4, 5])]);
  });

  it('refuses a length over the limit', () => {
    expect(new FrameReader(1024).push(Buffer.from([0, 0, 4, 1])).error).toBe('frame length 1025 is outside 0..1024');
  });
});
