import { describe, expect, it } from 'vitest';
import { StreamBoundaries } from '../../../src/emulator/fc-runtime/stream-boundaries.js';

/** A "random" source that plays back the given fractions in turn. */
const playing = (...fractions: number[]) => {
  let i = 0;
  return () => fractions[i++ % fractions.length]!;
};

describe('StreamBoundaries: batches, commits and replays of a local event stream', () => {
  it('by default: whole count windows, each delivered batch committed whole, never backwards', () => {
    const b = new StreamBoundaries(false, playing(0));
    expect(b.batchCount(100)).toBe(100);
    expect(b.commitAfterDelivery(0, 0, 99)).toBe(100);
    expect(b.commitAfterDelivery(0, 100, 149)).toBe(150);
    expect(b.commitAfterDelivery(0, 40, 60)).toBeUndefined(); // a redelivery below the commit does not move it back
    expect(b.commitAfterGivingUp(1, 9)).toBe(10);
  });

  it('fault mode: random counts from 1 to the window', () => {
    const b = new StreamBoundaries(true, playing(0, 0.5, 0.999));
    expect([b.batchCount(100), b.batchCount(100), b.batchCount(100)]).toEqual([1, 51, 100]);
  });

  it('fault mode: a delivered batch is committed inside it, never past its last record, and replays start at that commit', () => {
    const b = new StreamBoundaries(true, playing(0.5, 0.999));
    expect(b.commitAfterDelivery(0, 0, 9)).toBe(5); // records 5..9 delivered but not committed
    expect(b.commitAfterDelivery(0, 10, 19)).toBe(19); // the last record stays uncommitted
    expect(b.commitAfterDelivery(0, 20, 20)).toBe(20); // a batch of one record: nothing of it is committed
    expect(b.commitAfterDelivery(1, 0, 1)).toBe(1); // never at the first record of a longer batch
    // a batch at 21 fails: the replay starts at 20, inside what was delivered
    expect(b.replayFrom(0, 21)).toBe(20);
    // with nothing committed yet, at the failed batch itself
    expect(b.replayFrom(3, 7)).toBe(7);
  });

  it('counts failures in a row across replays until a batch is delivered or given up', () => {
    const b = new StreamBoundaries(true);
    expect(b.failuresBefore(0)).toBe(0);
    expect([b.failed(0), b.failed(0)]).toEqual([1, 2]);
    expect(b.failuresBefore(0)).toBe(2);
    b.commitAfterDelivery(0, 0, 0);
    expect(b.failuresBefore(0)).toBe(0);
    b.failed(1);
    expect(b.commitAfterGivingUp(1, 4)).toBe(5);
    expect(b.failuresBefore(1)).toBe(0);
  });
});
