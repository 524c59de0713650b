import type { BadRecordReporter } from './bad-record.js';
import { objectName } from './naming.js';
import type { ObjectWriter } from './object-writer.js';
import { BodyPool } from './body-pool.js';
import type { ObjectBody } from './object-body.js';
import { isRefusal, RecordEncoder, type PartitionMessage, type SinkMessage } from './record.js';
import type { FetchedRecords } from '../kafka/client.js';
import { keyOf, MessageRecords, valueOf } from '../kafka/fetched-records.js';
import type { SinkSettings } from './settings.js';

export interface WrittenObject {
  name: string;
  topic: string;
  partition: number;
  firstOffset: number;
  lastOffset: number;
  records: number;
  bytes: number;
}

export interface PartitionWriterDeps {
  topic: string;
  partition: number;
  settings: SinkSettings;
  writer: ObjectWriter;
  /** Records that the next offset to read is `nextOffset`; called only after the object holding the records before it is durable. */
  commit: (nextOffset: number) => Promise<void>;
  /** Where the `log` policy sends bad records; without one they are only logged. */
  reporter?: BadRecordReporter;
  log?: (line: string) => void;
  onObject?: (object: WrittenObject) => void;
  now?: () => number;
  /** Aborted when the writer's group generation ends: a write still retrying then gives up (see the README). */
  cancel?: AbortSignal;
  /** Where object bodies come from (the runner shares one with a limit); default: the writer's own. */
  bodies?: BodyPool;
}

export interface PartitionStop {
  offset: number;
  reason: string;
}

/**
 * The records of one partition on their way to OSS. Invariant that gives exactly-once objects: at most one
 * object of the partition is written but not yet committed. An object is written, then offset last+1 is
 * committed, and only then does the next object start. After a crash the consumer resumes at the committed
 * offset, which is the first offset of the object that may have been written, so the replay produces the
 * same name and overwrites it; nothing after it had been written.
 */
export class PartitionWriter {
  /** The open object, encoded as records arrive; taken from the pool at its first record. */
  private body: ObjectBody | undefined;
  private readonly bodies: BodyPool;
  /** The object being uploaded and committed in the background. */
  private inflight: Promise<void> | undefined;
  private uploading = 0;
  private firstOffset = -1;
  private firstTimestamp = 0;
  private lastOffset = -1;
  private openedAt = 0;
  /** Next offset to commit: past the buffered records and past bad records already reported. */
  private pendingNext: number | undefined;
  private committed: number | undefined;
  private stop: PartitionStop | undefined;
  /** Set when a commit failed: the writer takes nothing more; the partition's next owner replays from the committed offset. */
  private retired = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly encoder: RecordEncoder;

  constructor(private readonly deps: PartitionWriterDeps) {
    this.now = deps.now ?? Date.now;
    this.encoder = new RecordEncoder(deps.topic, deps.partition, deps.settings.maxValueBytes);
    this.bodies = deps.bodies ?? new BodyPool(deps.settings.maxBytesPerObject);
  }

  get topic(): string {
    return this.deps.topic;
  }

  get partition(): number {
    return this.deps.partition;
  }

  get bufferedBytes(): number {
    return this.retired ? 0 : (this.body?.bytes ?? 0) + this.uploading;
  }

  get bufferedRecords(): number {
    return this.body?.records ?? 0;
  }

  /** The next offset to read as committed by this writer; undefined before its first commit. */
  get committedNext(): number | undefined {
    return this.committed;
  }

  /** Set once a bad record stopped the partition under the `fail` policy. */
  get stopped(): PartitionStop | undefined {
    return this.stop;
  }

  /** When the open object is due by time; undefined when nothing waits. */
  dueAt(): number | undefined {
    // a background upload is due to be settled, so that its failure surfaces even if no record follows
    if (this.inflight) return this.now();
    if (this.retired) return undefined;
    if (this.bufferedRecords > 0) return this.openedAt + this.deps.settings.flushIntervalMs;
    if (this.pendingNext !== undefined && this.pendingNext !== this.committed) return this.now();
    return undefined;
  }

  /** Runs `task` after every earlier task of this partition (fetch appends and timer flushes never interleave). */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Adds messages (the FC event's) of this writer's partition in offset order; see `appendRecords`. */
  async append(messages: readonly PartitionMessage[]): Promise<void> {
    await this.appendRecords(new MessageRecords(messages.map((m) => ({ offset: m.offset, timestamp: m.timestamp, key: bytesOf(m.key), value: bytesOf(m.value) }))));
  }

  /**
   * Adds records of this writer's partition in offset order; closes objects on count and bytes; applies the
   * failure policy to bad records. The records' bytes are copied into the object body before this resolves.
   */
  async appendRecords(records: FetchedRecords): Promise<void> {
    const { settings } = this.deps;
    for (let i = 0; i < records.length; i += 1) {
      if (this.stop || this.retired) return;
      const offset = records.offset(i);
      if (this.pendingNext !== undefined && offset < this.pendingNext) continue; // refetched
      const size = this.encoder.prepare(records, i);
      if (isRefusal(size)) {
        await this.onBadRecord(records, i, size.reason);
        continue;
      }
      if (this.body && this.body.records > 0 && this.body.bytes + this.body.sizeOf(size) > settings.maxBytesPerObject) await this.rotate();
      // the encoder's prepared line stays intact while this waits: rotating and waiting for a body encode nothing
      const body = this.body ?? (await this.openBody());
      if (!body) return;
      if (body.records === 0) {
        this.firstOffset = offset;
        this.firstTimestamp = records.timestamp(i);
        this.openedAt = this.now();
      }
      body.add(this.encoder, size);
      this.lastOffset = offset;
      this.pendingNext = offset + 1;
      if (body.records >= settings.maxRecordsPerObject || body.bytes >= settings.maxBytesPerObject) await this.rotate();
    }
  }

  /**
   * The fetch moved past offsets that hold no record for the sink (transaction markers, aborted transactions,
   * compacted-away records): the next commit goes past them too, or a log that ends with a marker would never be
   * caught up. Nothing after the open object's records is lost by it: those offsets have nothing to export.
   */
  skipTo(nextOffset: number): void {
    if (this.stop || this.retired) return;
    if (this.pendingNext === undefined || nextOffset > this.pendingNext) this.pendingNext = nextOffset;
  }

  /** Writes the open object (if any), then commits, and waits until both are done; with nothing buffered, commits past reported bad records. */
  async flush(): Promise<void> {
    await this.rotate();
    await this.settle();
  }

  /** The timer's entry: settles a background upload, then flushes if the open object is due by time. */
  async flushIfDue(now: number): Promise<void> {
    await this.settle();
    const due = this.dueAt();
    if (due !== undefined && due <= now) await this.flush();
  }

  /** Waits for the object being written in the background (and its commit), if any; rethrows its failure. */
  async settle(): Promise<void> {
    const inflight = this.inflight;
    if (inflight) await inflight;
  }

  /**
   * Gives back the open object's body: the writer's group generation is over and its partition is replayed by
   * the next owner. Run it through `exclusive`, after whatever the writer was doing; its upload gives back its own.
   */
  abandon(): void {
    this.retired = true;
    if (this.body) this.bodies.give(this.body);
    this.body = undefined;
  }

  /** A body for the next object, waiting for one while the pool is at its limit; none once the writer retired meanwhile. */
  private async openBody(): Promise<ObjectBody | undefined> {
    const body = await this.bodies.take();
    if (this.retired || this.stop) {
      this.bodies.give(body);
      return undefined;
    }
    this.body = body;
    return body;
  }

  /**
   * Closes the open object and starts writing it in the background, so that the next object's records are
   * fetched and encoded while it uploads. The previous object's write and commit are awaited first: at most
   * one object of the partition is ever written but not committed.
   */
  private async rotate(): Promise<void> {
    await this.settle();
    if (this.retired) return;
    const next = this.pendingNext;
    const body = this.body;
    if (!body || body.records === 0) {
      if (next !== undefined && next !== this.committed) await this.commitTo(next);
      return;
    }
    const { topic, partition, settings } = this.deps;
    const written: WrittenObject = {
      name: objectName(settings.naming, topic, partition, this.firstOffset, this.firstTimestamp),
      topic,
      partition,
      firstOffset: this.firstOffset,
      lastOffset: this.lastOffset,
      records: body.records,
      bytes: 0,
    };
    this.body = undefined;
    this.firstOffset = -1;
    this.uploading = body.bytes;
    const upload = async () => {
      try {
        const data = body.finish();
        written.bytes = data.length;
        await this.deps.writer.write(written.name, data, this.deps.cancel, written);
      } catch (err) {
        // the records are gone from memory and must never be committed past: this writer takes nothing more
        this.retired = true;
        this.bodies.give(body);
        throw err;
      }
      this.bodies.give(body);
      this.uploading = 0;
      if (next !== undefined) await this.commitTo(next);
      this.deps.onObject?.(written);
    };
    const inflight = upload().finally(() => {
      if (this.inflight === inflight) this.inflight = undefined;
    });
    // a failure is rethrown to whoever settles next; until then it must not count as unhandled
    inflight.catch(() => undefined);
    this.inflight = inflight;
  }

  private async commitTo(next: number): Promise<void> {
    try {
      await this.deps.commit(next);
    } catch (err) {
      // An object may now be written but not committed: writing another one would break the invariant.
      this.retired = true;
      throw err;
    }
    this.committed = next;
  }

  private async onBadRecord(records: FetchedRecords, i: number, reason: string): Promise<void> {
    // copies: the reporter may keep the message past this batch
    const copy = (bytes: Buffer | null) => (bytes === null ? null : Buffer.from(bytes));
    const message: SinkMessage = { topic: this.deps.topic, partition: this.deps.partition, offset: records.offset(i), timestamp: records.timestamp(i), key: copy(keyOf(records, i)), value: copy(valueOf(records, i)) };
    const where = `${message.topic}[${message.partition}] offset ${message.offset}`;
    if (this.deps.settings.failurePolicy === 'fail') {
      // Everything before the bad record is exported and committed; the committed offset is the bad record's.
      await this.flush();
      this.pendingNext = message.offset;
      if (this.committed !== message.offset) await this.commitTo(message.offset);
      this.stop = { offset: message.offset, reason };
      this.deps.log?.(`partition stopped at ${where}: ${reason}`);
      return;
    }
    if (this.deps.reporter) await this.deps.reporter.report({ reason, message });
    this.deps.log?.(`skipped ${where}: ${reason}${this.deps.reporter ? ' (sent to the error topic)' : ''}`);
    this.pendingNext = message.offset + 1;
  }
}

function bytesOf(input: Buffer | string | null): Buffer | null {
  if (input === null) return null;
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}
