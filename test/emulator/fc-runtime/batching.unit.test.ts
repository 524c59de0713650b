import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { nextBatch } from '../../../src/emulator/fc-runtime/batching.js';

function message(offset: number, valueBytes: number): KafkaMessage {
  return { offset: String(offset), key: null, value: Buffer.alloc(valueBytes, 'x'), timestamp: '0', attributes: 0, headers: {} };
}

const offsets = (batch: { chunk: KafkaMessage[] }): string[] => batch.chunk.map((m) => m.offset);

describe('nextBatch', () => {
  const five = [0, 1, 2, 3, 4].map((o) => message(o, 10));

  it('cuts full batches at the count window', () => {
    expect(nextBatch(five, 0, { count: 2, maxBytes: 1 << 20 })).toMatchObject({ full: true });
    expect(offsets(nextBatch(five, 2, { count: 2, maxBytes: 1 << 20 }))).toEqual(['2', '3']);
  });

  it('reports the remainder as a partial batch that waits for the time window', () => {
    const rest = nextBatch(five, 4, { count: 2, maxBytes: 1 << 20 });
    expect(offsets(rest)).toEqual(['4']);
    expect(rest.full).toBe(false);
  });

  it('pushes early, as a full batch, when the next message would exceed the byte cap', () => {
    const big = [message(0, 3000), message(1, 3000), message(2, 3000)];
    const batch = nextBatch(big, 0, { count: 10, maxBytes: 8000 });
    expect(offsets(batch)).toEqual(['0', '1']);
    expect(batch.full).toBe(true);
  });

  it('always takes at least one message, however large', () => {
    expect(offsets(nextBatch([message(7, 50_000)], 0, { count: 10, maxBytes: 1000 }))).toEqual(['7']);
  });
});
