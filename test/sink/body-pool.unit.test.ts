import { describe, expect, it } from 'vitest';
import { BodyPool } from '../../src/sink/body-pool.js';

const settled = async <T>(promise: Promise<T>) => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('BodyPool', () => {
  it('makes bodies up to its limit, then each taker waits, in order, for one to come back', async () => {
    const pool = new BodyPool(1024, 2);
    const a = await pool.take();
    const b = await pool.take();
    expect(a).not.toBe(b);
    const third = pool.take();
    const fourth = pool.take();
    expect(await settled(third)).toBe(false);
    pool.give(b);
    expect(await third).toBe(b);
    expect(await settled(fourth)).toBe(false);
    pool.give(a);
    expect(await fourth).toBe(a);
  });

  it('gives bodies back empty, and reuses them rather than making more', async () => {
    const pool = new BodyPool(1024, 3);
    const body = await pool.take();
    body.finish();
    pool.give(body);
    const again = await pool.take();
    expect(again).toBe(body);
    expect(again.records).toBe(0);
    expect(again.finish().toString()).toBe('[\n]\n');
  });

  it('lets a raised limit serve the waiting at once, and drops bodies beyond a lowered one', async () => {
    const pool = new BodyPool(1024, 1);
    const first = await pool.take();
    const waiting = pool.take();
    pool.setLimit(2);
    const second = await waiting;
    expect(second).not.toBe(first);
    pool.setLimit(1);
    pool.give(first); // 2 exist, limit 1: this one is dropped, not kept
    const third = pool.take();
    expect(await settled(third)).toBe(false);
    pool.give(second);
    expect(await third).toBe(second);
  });

  it('drops a body that grew for an oversized record instead of keeping its memory', async () => {
    const pool = new BodyPool(16, 1);
    const body = await pool.take();
    (body as unknown as { reserve(size: number): void }).reserve(1_000); // what add() does for a big line
    expect(body.capacity).toBeGreaterThan(16 + 4);
    pool.give(body);
    const next = await pool.take();
    expect(next).not.toBe(body);
  });
});
