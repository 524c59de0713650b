import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProtocolError, Reader, Writer } from '../../../src/emulator/kafka/codec.js';
import { crc32c } from '../../../src/emulator/kafka/crc32c.js';
import { FrameReader } from '../../../src/emulator/kafka/frame-reader.js';
import { RequestMemoryPool } from '../../../src/emulator/kafka/request-memory.js';

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

  it('reassembles large frames (gathered in a buffer of their own) and small ones from any cut of the stream', () => {
    const bodies = [randomBytes(3 << 20), randomBytes(10), randomBytes((1 << 20) + 1), Buffer.alloc(0), randomBytes(5 << 20)];
    const stream = Buffer.concat(bodies.flatMap((b) => [Buffer.from([b.length >>> 24, (b.length >>> 16) & 0xff, (b.length >>> 8) & 0xff, b.length & 0xff]), b]));
    for (const cut of [1, 7, 65_536, 1 << 20, 3 << 20]) {
      const frames = new FrameReader(8 << 20);
      const out: Buffer[] = [];
      for (let at = 0; at < stream.length; at += cut) out.push(...frames.push(stream.subarray(at, at + cut)).frames);
      expect(out.length, `cut ${cut}`).toBe(bodies.length);
      out.forEach((frame, i) => expect(frame.equals(bodies[i]!), `frame ${i}, cut ${cut}`).toBe(true));
    }
  });

  it('reserves each frame in the pool before reading it, waits when the pool is short, and goes on once it can reserve', () => {
    const pool = new RequestMemoryPool(100);
    const frames = new FrameReader(100, pool);
    const frame = (n: number) => Buffer.concat([Buffer.from([0, 0, 0, n]), Buffer.alloc(n, n)]);
    const first = frames.push(Buffer.concat([frame(60), frame(50)]));
    expect(first.frames.map((f) => f.length)).toEqual([60]);
    expect(frames.waitingForMemory).toBe(true);
    expect(pool.usedBytes).toBe(60);
    expect(frames.retryReserve()).toBe(false);
    pool.release(60); // the first request handled
    expect(frames.retryReserve()).toBe(true);
    expect(frames.push(Buffer.alloc(0)).frames.map((f) => f.length)).toEqual([50]);
    expect(pool.usedBytes).toBe(50);
    frames.push(Buffer.from([0, 0, 0, 20, 1, 2]));
    expect(pool.usedBytes).toBe(70);
    frames.discard(); // the connection closed mid-frame
    expect(pool.usedBytes).toBe(50);
  });
});
