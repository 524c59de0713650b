import { RecordColumns } from './record-columns.js';

/** One assigned partition as the fetch path follows it. */
export class PartitionState {
  /** Next offset to fetch; -1 until the committed offset (or the reset policy) has placed it. */
  position = -1;
  /** Upper bound of the next fetch of this partition: grows while its next batch does not fit, then returns. */
  maxBytes: number;
  paused = false;
  /** The partition's decoded records, reused from fetch to fetch. */
  readonly columns = new RecordColumns();

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly baseMaxBytes: number,
  ) {
    this.maxBytes = baseMaxBytes;
  }

  get key(): string {
    return partitionKey(this.topic, this.partition);
  }
}

export function partitionKey(topic: string, partition: number): string {
  return `${partition}\u0000${topic}`;
}

/** At most `slots` tasks at a time (the consumer's concurrency across all brokers); the rest wait in order. */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly slots: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
