import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamStartDelay } from '../../../src/emulator/fc-runtime/stream-start-delay.js';

describe('StreamStartDelay: how long the local EventBridge takes to start a stream', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const track = (promise: Promise<void>) => {
    const state = { done: false };
    void promise.then(() => (state.done = true));
    return state;
  };

  it('releases a waiting stream once the delay has passed, not before', async () => {
    const delay = new StreamStartDelay(1_000);
    const waiting = track(delay.wait(new AbortController().signal));
    await vi.advanceTimersByTimeAsync(999);
    expect(waiting.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(waiting.done).toBe(true);
  });

  it('holds streams while the delay is Infinity and releases those already waiting when it is lowered', async () => {
    const delay = new StreamStartDelay(Infinity);
    const first = track(delay.wait(new AbortController().signal));
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(first.done).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    delay.set(4_000); // counted from when each stream began to wait
    const second = track(delay.wait(new AbortController().signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(first.done).toBe(true);
    expect(second.done).toBe(false);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(second.done).toBe(true);
  });

  it('lets a stream stopped while it waits go at once', async () => {
    const delay = new StreamStartDelay(Infinity);
    const stop = new AbortController();
    const waiting = track(delay.wait(stop.signal));
    stop.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.done).toBe(true);
  });
});
