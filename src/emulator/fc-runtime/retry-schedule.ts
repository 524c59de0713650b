import type { KafkaTriggerSpec } from '../contracts.js';

/**
 * The wait before retry number `retry` (0-based). EventBridge waits 10–20 s between BACKOFF_RETRY attempts
 * and doubles from 1 s for EXPONENTIAL_DECAY_RETRY; the local cloud keeps the shape with a short base.
 */
export function retryDelayMs(strategy: KafkaTriggerSpec['retryStrategy']['pushRetryStrategy'], retry: number, baseMs: number): number {
  if (strategy === 'BACKOFF_RETRY') return baseMs;
  return Math.min(baseMs * 2 ** retry, baseMs * 64);
}

/** Sleeps `ms`, or less when `signal` aborts; never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
