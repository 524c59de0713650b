import { ObjectBody } from './object-body.js';

/**
 * Object bodies for partition writers, reused from object to object. A shared pool with a limit bounds the
 * bodies of a whole runner: one per partition filling an object, plus a few uploading. A partition that
 * needs a body while the limit is reached waits until an upload gives one back, instead of every partition
 * holding an open and an uploading 4 MiB body at once (12 for 6 partitions, which all fill at the same pace).
 */
export class BodyPool {
  private readonly free: ObjectBody[] = [];
  private readonly waiting: ((body: ObjectBody) => void)[] = [];
  /** Bodies that exist: in use or free. */
  private count = 0;

  /** @param capacityHint the size objects are cut at (ObjectBody's). */
  constructor(
    private readonly capacityHint: number,
    private limit = Infinity,
  ) {}

  /** Changes the limit (the runner's partitions changed); bodies beyond it are dropped as they come back. */
  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    while (this.waiting.length > 0 && this.count < this.limit) this.serve(this.create());
  }

  /** An empty body, at once while the limit allows, else when one comes back. */
  take(): Promise<ObjectBody> {
    const body = this.free.pop() ?? (this.count < this.limit ? this.create() : undefined);
    if (body) return Promise.resolve(body);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** A body whose object is done (uploaded, given up, or abandoned with its writer). */
  give(body: ObjectBody): void {
    body.clear();
    // one that grew for an oversized record, or one too many after the limit shrank, is left to the GC
    if (body.capacity > this.capacityHint + 4 || this.count > this.limit) {
      this.count -= 1;
      if (this.waiting.length > 0 && this.count < this.limit) this.serve(this.create());
      return;
    }
    if (this.waiting.length > 0) this.serve(body);
    else this.free.push(body);
  }

  private create(): ObjectBody {
    this.count += 1;
    return new ObjectBody(this.capacityHint);
  }

  private serve(body: ObjectBody): void {
    const next = this.waiting.shift();
    if (next) next(body);
    else this.free.push(body);
  }
}
