/**
 * Where a local event stream cuts its batches, what it commits, and where it resumes after a failed invocation.
 *
 * By default the stream is the tidy one: batches of the count window, a batch committed whole once delivered,
 * a failed batch retried as it was. EventBridge promises none of that: it also splits batches by body size, so
 * "batch boundaries are not a stable function of offsets" (help.aliyun.com/document_detail/455240.html: 100
 * messages of 2 KB pushed as 64 then 36), and when it commits offsets or how it replays after a failure is not
 * documented at all. The fault mode `reformBatchesOnReplay` plays the worst of what that allows, at-least-once
 * with arbitrary boundaries:
 * - every batch takes a random count between 1 and the count window;
 * - a delivered batch of more than one record is committed only part-way, after its first record and before its
 *   last (never past it), as a stream that commits at its own boundaries would;
 * - a failed invocation is replayed from the last committed offset — inside records delivered before — with
 *   batches cut anew. Nothing is skipped: after the retries run out, the batch then at hand is given up as usual.
 * A handler that is exactly-once only when replays repeat its batches writes some records twice under it.
 */
export class StreamBoundaries {
  /** Per partition: the offset committed last (the next one to consume). */
  private readonly committed = new Map<number, number>();
  /** Per partition: failed invocations since the last delivered batch (fault mode: they span replays). */
  private readonly failures = new Map<number, number>();

  constructor(
    readonly reformBatchesOnReplay: boolean,
    private readonly random: () => number = Math.random,
  ) {}

  /** How many messages the next batch may hold. */
  batchCount(countBasedWindow: number): number {
    const window = Math.max(1, countBasedWindow);
    return this.reformBatchesOnReplay ? 1 + Math.floor(this.random() * window) : window;
  }

  /** The offset to commit once the batch `first..last` was delivered; undefined: commit nothing now. */
  commitAfterDelivery(partition: number, first: number, last: number): number | undefined {
    this.failures.delete(partition);
    if (!this.reformBatchesOnReplay) return this.commit(partition, last + 1);
    if (last === first) return this.commit(partition, first);
    return this.commit(partition, first + 1 + Math.floor(this.random() * (last - first)));
  }

  /** The offset to commit once the batch ending at `last` was given up (dead-lettered or skipped). */
  commitAfterGivingUp(partition: number, last: number): number | undefined {
    this.failures.delete(partition);
    return this.commit(partition, last + 1);
  }

  /** Counts a failed invocation on the partition; returns how many there were in a row. */
  failed(partition: number): number {
    const count = (this.failures.get(partition) ?? 0) + 1;
    this.failures.set(partition, count);
    return count;
  }

  /** Failed invocations in a row on the partition, before this one. */
  failuresBefore(partition: number): number {
    return this.failures.get(partition) ?? 0;
  }

  /** Where the replay after a failed batch starting at `failedFirst` begins: the last commit, if there was one. */
  replayFrom(partition: number, failedFirst: number): number {
    return Math.min(this.committed.get(partition) ?? failedFirst, failedFirst);
  }

  private commit(partition: number, offset: number): number | undefined {
    const before = this.committed.get(partition);
    if (before !== undefined && offset <= before) return undefined;
    this.committed.set(partition, offset);
    return offset;
  }
}
