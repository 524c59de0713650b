import { describe, expect, it } from 'vitest';
import { compress, uncompress } from 'snappyjs';
import { unsnappyWith } from '../../src/kafka/codecs.js';

const unsnappy = unsnappyWith(uncompress);

/** What the Java client's SnappyOutputStream writes: magic, version 1, compatible 1, then length-prefixed blocks. */
function xerialFrame(blocks: Buffer[]): Buffer {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const parts = blocks.flatMap((block) => {
    const compressed = Buffer.from(compress(block));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(compressed.length);
    return [length, compressed];
  });
  return Buffer.concat([header, ...parts]);
}

describe('snappy as Kafka clients write it', () => {
  it('reads raw snappy (librdkafka) and xerial-framed snappy of several blocks (Java client)', () => {
    const a = Buffer.from('first block '.repeat(100));
    const b = Buffer.from('second block, different '.repeat(50));
    expect(Buffer.from(unsnappy(Buffer.from(compress(a)))).equals(a)).toBe(true);
    expect(Buffer.from(unsnappy(xerialFrame([a, b]))).equals(Buffer.concat([a, b]))).toBe(true);
  });

  it('refuses a truncated xerial frame instead of returning part of it', () => {
    const frame = xerialFrame([Buffer.from('x'.repeat(1000))]);
    expect(() => unsnappy(frame.subarray(0, frame.length - 3))).toThrow(/truncated xerial snappy block/);
  });
});
