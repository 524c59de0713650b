/**
 * The bytes of requests read but not yet handled, across every connection: Kafka's MemoryPool sized by
 * queued.max.request.bytes. A connection reserves a request's declared size once its 4-byte length has
 * arrived; when the pool cannot give it, the connection stops reading (Kafka mutes the channel) until a
 * handled request gives memory back. Nothing is allocated up front: the reservation is only a count.
 */
export class RequestMemoryPool {
  private used = 0;
  private readonly waiters = new Set<() => boolean>();

  constructor(readonly capacity: number) {}

  get usedBytes(): number {
    return this.used;
  }

  tryReserve(bytes: number): boolean {
    if (this.used + bytes > this.capacity) return false;
    this.used += bytes;
    return true;
  }

  release(bytes: number): void {
    this.used -= bytes;
    for (const retry of [...this.waiters]) {
      if (this.used >= this.capacity) break;
      if (retry()) this.waiters.delete(retry);
    }
  }

  /** Calls `retry` each time memory is given back, until it returns true (it reserved). Returns the cancel. */
  whenAvailable(retry: () => boolean): () => void {
    this.waiters.add(retry);
    return () => this.waiters.delete(retry);
  }
}
