/**
 * How long EventBridge takes to start an event stream. FC reads an event-streaming trigger's triggerEnable back
 * as true only once its stream has started, "由于事件流启动/停止需要一段时间" (Serverless Devs' FC component,
 * devsapp/fc docs/zh/yaml/triggers.md, EventBridge trigger's triggerEnable): the local streams wait this long
 * before they connect. The delay can change while streams wait (Infinity holds them until it is lowered), so a
 * test can look at a trigger before and after its stream started without racing a clock.
 */
export class StreamStartDelay {
  private readonly waiting = new Set<{ since: number; timer?: NodeJS.Timeout; release: () => void }>();

  constructor(private delayMs: number) {}

  set(delayMs: number): void {
    this.delayMs = delayMs;
    for (const waiter of this.waiting) this.arm(waiter);
  }

  /** Resolves once the delay has passed since the call (or at once when `signal` aborts). */
  wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        since: Date.now(),
        timer: undefined as NodeJS.Timeout | undefined,
        release: (): void => {
          clearTimeout(waiter.timer);
          this.waiting.delete(waiter);
          signal.removeEventListener('abort', waiter.release);
          resolve();
        },
      };
      this.waiting.add(waiter);
      signal.addEventListener('abort', waiter.release, { once: true });
      this.arm(waiter);
    });
  }

  private arm(waiter: { since: number; timer?: NodeJS.Timeout; release: () => void }): void {
    clearTimeout(waiter.timer);
    waiter.timer = undefined;
    const left = waiter.since + this.delayMs - Date.now();
    if (left <= 0) waiter.release();
    // setTimeout cannot wait longer than 2^31-1 ms; a longer (or infinite) delay waits for the next set()
    else if (left <= 2 ** 31 - 1) waiter.timer = setTimeout(waiter.release, left);
  }
}
