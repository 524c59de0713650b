import type { GroupConsumer, KafkaDataClient, PartitionBatch, PartitionOffsets } from '../kafka/client.js';
import type { BadRecordReporter } from './bad-record.js';
import { SinkFatalError, WriteCancelledError, type ObjectWriter } from './object-writer.js';
import { BodyPool } from './body-pool.js';
import { PartitionWriter, type WrittenObject } from './partition-writer.js';
import type { SinkSettings } from './settings.js';

export interface SinkRunOptions {
  kafka: KafkaDataClient;
  writer: ObjectWriter;
  settings: SinkSettings;
  topic: string;
  /** The connector's task group, `connect-<name>`. */
  groupId: string;
  /** offsetReset earliest; latest otherwise (partitions with a committed offset resume there either way). */
  fromBeginning: boolean;
  /** Partitions processed at the same time (the connector's concurrency). */
  concurrency: number;
  reporter?: BadRecordReporter;
  log?: (line: string) => void;
  /** Stop (flushed and committed) once every partition has caught up with its end, or stopped on a bad record. */
  untilCaughtUp?: boolean;
  onProgress?: (progress: SinkProgress) => void;
  progressIntervalMs?: number;
  onObject?: (object: WrittenObject) => void;
}

export interface PartitionProgress {
  partition: number;
  /** Next offset to read as committed by the sink. */
  position: number;
  highWatermark: number;
  lag: number;
  /** Records waiting in the partition's open object. */
  buffered: number;
  stoppedAt?: number;
}

export interface SinkProgress {
  topic: string;
  records: number;
  bytes: number;
  objects: number;
  recordsPerSecond: number;
  bytesPerSecond: number;
  partitions: PartitionProgress[];
}

export interface PartitionFailure {
  topic: string;
  partition: number;
  offset: number;
  reason: string;
}

export interface SinkOutcome {
  records: number;
  bytes: number;
  objects: number;
  /** Partitions stopped by a bad record under the `fail` policy. */
  failedPartitions: PartitionFailure[];
  /** Why the whole sink stopped, when it was not asked to (OSS denied, consumer crashed…). */
  fatal?: string;
}

export interface SinkRun {
  /** Resolves when the sink has stopped, for whatever reason. */
  readonly done: Promise<SinkOutcome>;
  /** Flushes every open object, commits, leaves the group. */
  stop(): Promise<SinkOutcome>;
}

/** The local runner: consumes the topic with the connector's group and writes objects with the shared core. */
export async function startSink(options: SinkRunOptions): Promise<SinkRun> {
  const sink = new SinkRunner(options);
  await sink.start();
  return sink;
}

class SinkRunner implements SinkRun {
  readonly done: Promise<SinkOutcome>;
  private resolveDone!: (outcome: SinkOutcome) => void;
  private consumer: GroupConsumer | undefined;
  private readonly writers = new Map<number, { writer: PartitionWriter; generation: number }>();
  /** One per group generation that has writers: aborted when the generation ends, so their retries stop. */
  private readonly generationCancels = new Map<number, AbortController>();
  /** Generations up to this one are over. */
  private endedThrough = 0;
  private readonly failures = new Map<number, PartitionFailure>();
  private readonly startPositions = new Map<number, number>();
  private readonly groupPositions = new Map<number, number>();
  private highWatermarks = new Map<number, number>();
  private timers: NodeJS.Timeout[] = [];
  private stopping: Promise<SinkOutcome> | undefined;
  private fatal: string | undefined;
  private records = 0;
  private bytes = 0;
  private objects = 0;
  private lastRate = { at: Date.now(), records: 0, bytes: 0 };
  private checking = false;
  /** Bodies of all partitions' objects: one per assigned partition filling an object, and UPLOADS_AHEAD more. */
  private readonly bodies: BodyPool;
  /** A check asked for while one was running (reporting progress, or only looking for the end): run when it ends. */
  private pendingCheck: { report: boolean } | undefined;

  constructor(private readonly options: SinkRunOptions) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.bodies = new BodyPool(options.settings.maxBytesPerObject);
  }

  async start(): Promise<void> {
    const { kafka, topic, groupId, fromBeginning } = this.options;
    // The watermarks first: they check that the topic exists, before anything names it in a request.
    const marks = await kafka.watermarks(topic);
    const committed = await kafka.committedOffsets(groupId, topic);
    for (const mark of marks) {
      const done = committed.get(mark.partition) ?? -1;
      this.startPositions.set(mark.partition, done >= 0 ? done : fromBeginning ? mark.low : mark.high);
      this.highWatermarks.set(mark.partition, mark.high);
    }
    this.consumer = await kafka.consume({
      groupId,
      topics: [topic],
      fromBeginning,
      concurrency: this.options.concurrency,
      onBatch: (batch) => this.onBatch(batch),
      onCrash: (error) => void this.abort(error.message),
      onRebalance: (ending) => this.endGenerationsThrough(ending),
      onAssignment: (assigned, generation) => {
        this.bodies.setLimit(assigned.length + UPLOADS_AHEAD);
        this.endGenerationsThrough(generation - 1);
      },
    });
    const tickMs = Math.max(20, Math.min(1_000, Math.floor(this.options.settings.flushIntervalMs / 4)));
    this.timers.push(setInterval(() => this.flushDue(), tickMs));
    const progressMs = this.options.progressIntervalMs ?? 1_000;
    this.timers.push(setInterval(() => void this.checkProgress(true), progressMs));
    if (this.options.untilCaughtUp) this.timers.push(setInterval(() => void this.checkProgress(false), Math.min(250, progressMs)));
  }

  stop(): Promise<SinkOutcome> {
    if (!this.stopping) this.stopping = this.shutdown(true);
    return this.stopping;
  }

  private abort(reason: string): Promise<SinkOutcome> {
    this.fatal ??= reason;
    this.options.log?.(`sink stopping: ${reason}`);
    if (!this.stopping) this.stopping = this.shutdown(false);
    return this.stopping;
  }

  private async shutdown(flush: boolean): Promise<SinkOutcome> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    if (flush) {
      await Promise.all(
        [...this.writers.values()].map(({ writer }) =>
          writer.exclusive(() => writer.flush()).catch((err: unknown) => {
            this.fatal ??= messageOf(err);
          }),
        ),
      );
    }
    await this.consumer?.stop().catch(() => undefined);
    const outcome: SinkOutcome = {
      records: this.records,
      bytes: this.bytes,
      objects: this.objects,
      failedPartitions: [...this.failures.values()].sort((a, b) => a.partition - b.partition),
      ...(this.fatal ? { fatal: this.fatal } : {}),
    };
    this.resolveDone(outcome);
    return outcome;
  }

  private async onBatch(batch: PartitionBatch): Promise<void> {
    if (this.stopping) return;
    this.highWatermarks.set(batch.partition, batch.highWatermark);
    const writer = this.writerFor(batch.partition, batch.generation);
    try {
      await writer.exclusive(async () => {
        if (this.stopping) return;
        await writer.appendRecords(batch.records);
        writer.skipTo(batch.nextOffset);
        if (writer.stopped) return;
        // with --until-caught-up, a partition that reached its end closes its object now rather than by time
        const atEnd = this.options.untilCaughtUp && batch.nextOffset >= batch.highWatermark;
        if (atEnd || this.bufferedBytes() > this.options.settings.maxBufferedBytes) await writer.flush();
      });
    } catch (err) {
      this.onWriterError(err);
      return;
    }
    const stop = writer.stopped;
    if (stop && !this.failures.has(batch.partition)) {
      this.failures.set(batch.partition, { topic: batch.topic, partition: batch.partition, ...stop });
      this.consumer?.pause([{ topic: batch.topic, partition: batch.partition }]);
    }
  }

  /** A batch from a newer group generation starts from the committed offset: what the old writer buffered is dropped. */
  private writerFor(partition: number, generation: number): PartitionWriter {
    const existing = this.writers.get(partition);
    if (existing && existing.generation === generation) return existing.writer;
    if (existing) this.abandon(existing.writer);
    const writer = new PartitionWriter({
      topic: this.options.topic,
      partition,
      settings: this.options.settings,
      writer: this.options.writer,
      commit: (next) => this.commit(partition, generation, next),
      ...(this.options.reporter ? { reporter: this.options.reporter } : {}),
      log: (line) => this.options.log?.(line),
      onObject: (object) => this.onObject(object),
      cancel: this.cancelOf(generation),
      bodies: this.bodies,
    });
    this.writers.set(partition, { writer, generation });
    return writer;
  }

  /** A writer of an ended generation gives its open body back once what it was doing is over. */
  private abandon(writer: PartitionWriter): void {
    void writer.exclusive(async () => writer.abandon()).catch(() => undefined);
  }

  private cancelOf(generation: number): AbortSignal {
    if (generation <= this.endedThrough) return AbortSignal.abort();
    let controller = this.generationCancels.get(generation);
    if (!controller) {
      controller = new AbortController();
      this.generationCancels.set(generation, controller);
    }
    return controller.signal;
  }

  /**
   * The partitions may move to another member, which replays them from the committed offsets and writes the
   * same object names. A write of ours still retrying (OSS 5xx) could land after theirs and replace a longer
   * object with a shorter one, so the retries stop here. A PUT already on the wire cannot be recalled; that
   * window is one request, where it would otherwise be the whole backoff.
   */
  private endGenerationsThrough(generation: number): void {
    this.endedThrough = Math.max(this.endedThrough, generation);
    for (const [g, controller] of this.generationCancels) {
      if (g > generation) continue;
      controller.abort();
      this.generationCancels.delete(g);
    }
    // their open objects are the next owner's to write: the bodies go back to the pool
    for (const [partition, entry] of this.writers) {
      if (entry.generation > generation) continue;
      this.writers.delete(partition);
      this.abandon(entry.writer);
    }
  }

  /**
   * A commit refused because the group is rebalancing leaves the object written but not committed: the writer
   * stops (see PartitionWriter), and whoever owns the partition next replays from the committed offset and
   * rewrites that same object.
   */
  private async commit(partition: number, generation: number, next: number): Promise<void> {
    const consumer = this.consumer;
    if (!consumer || consumer.generation() !== generation) {
      throw new StaleGenerationError(`partition ${partition} was reassigned; offset ${next} not committed`);
    }
    try {
      await consumer.commit(this.options.topic, partition, next);
    } catch (err) {
      if (REBALANCING.test(messageOf(err))) throw new StaleGenerationError(`partition ${partition}: the group is rebalancing; offset ${next} not committed`);
      throw err;
    }
  }

  private onWriterError(err: unknown): void {
    if (err instanceof StaleGenerationError || err instanceof WriteCancelledError) {
      this.options.log?.(err.message);
      return;
    }
    // not awaited: this runs inside a batch, and stopping the consumer waits for that batch to end
    void this.abort(err instanceof SinkFatalError ? err.message : `sink failed: ${messageOf(err)}`);
  }

  private onObject(object: WrittenObject): void {
    this.records += object.records;
    this.bytes += object.bytes;
    this.objects += 1;
    this.options.onObject?.(object);
    // with --until-caught-up, the commit that reaches a partition's end is the moment to look, not the next tick
    if (this.options.untilCaughtUp && object.lastOffset + 1 >= (this.highWatermarks.get(object.partition) ?? Infinity)) void this.checkProgress(false);
  }

  private bufferedBytes(): number {
    let total = 0;
    for (const { writer } of this.writers.values()) total += writer.bufferedBytes;
    return total;
  }

  private flushDue(): void {
    if (this.stopping) return;
    const now = Date.now();
    for (const [partition, { writer, generation }] of this.writers) {
      const due = writer.dueAt();
      if (due === undefined || due > now) continue;
      if (this.consumer && this.consumer.generation() !== generation) {
        this.writers.delete(partition);
        this.abandon(writer);
        continue;
      }
      writer
        .exclusive(async () => {
          if (!this.stopping) await writer.flushIfDue(Date.now());
        })
        .catch((err: unknown) => this.onWriterError(err));
    }
  }

  private async checkProgress(report: boolean): Promise<void> {
    if (this.stopping) return;
    if (this.checking) {
      this.pendingCheck = { report: report || (this.pendingCheck?.report ?? false) };
      return;
    }
    this.checking = true;
    try {
      const { kafka, topic, groupId } = this.options;
      const marks = await kafka.watermarks(topic).catch(() => undefined as PartitionOffsets[] | undefined);
      if (marks) this.highWatermarks = new Map(marks.map((m) => [m.partition, m.high]));
      // other members of the group commit the partitions this one does not own
      const committed = await kafka.committedOffsets(groupId, topic).catch(() => undefined);
      for (const [partition, offset] of committed ?? []) {
        if (offset > (this.groupPositions.get(partition) ?? -1)) this.groupPositions.set(partition, offset);
      }
      const progress = this.progress(report);
      if (report) this.options.onProgress?.(progress);
      if (this.options.untilCaughtUp && marks && progress.partitions.every((p) => p.lag <= 0 || p.stoppedAt !== undefined)) {
        void this.stop();
      }
    } finally {
      this.checking = false;
    }
    const pending = this.pendingCheck;
    this.pendingCheck = undefined;
    if (pending) await this.checkProgress(pending.report);
  }

  /** The figures now; rates are since the previous reported progress. */
  private progress(report: boolean): SinkProgress {
    const now = Date.now();
    const seconds = Math.max(0.001, (now - this.lastRate.at) / 1000);
    const recordsPerSecond = Math.round((this.records - this.lastRate.records) / seconds);
    const bytesPerSecond = Math.round((this.bytes - this.lastRate.bytes) / seconds);
    if (report) this.lastRate = { at: now, records: this.records, bytes: this.bytes };
    const partitions: PartitionProgress[] = [...this.highWatermarks]
      .sort(([a], [b]) => a - b)
      .map(([partition, highWatermark]) => {
        const writer = this.writers.get(partition)?.writer;
        const position = Math.max(writer?.committedNext ?? -1, this.groupPositions.get(partition) ?? -1, this.startPositions.get(partition) ?? 0);
        const failure = this.failures.get(partition);
        return {
          partition,
          position,
          highWatermark,
          lag: Math.max(0, highWatermark - position),
          buffered: writer?.bufferedRecords ?? 0,
          ...(failure ? { stoppedAt: failure.offset } : {}),
        };
      });
    return { topic: this.options.topic, records: this.records, bytes: this.bytes, objects: this.objects, recordsPerSecond, bytesPerSecond, partitions };
  }
}

class StaleGenerationError extends Error {}

/**
 * Objects uploading at once beyond one open object per partition. Partitions fed at the same pace all fill their
 * objects together; without a bound each would hold an open and an uploading body at once (2 × 4 MiB each).
 */
const UPLOADS_AHEAD = 2;

/** kafkajs' messages for REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID and FENCED_INSTANCE_ID. */
const REBALANCING = /rebalanc|generation|member id|not a member|fenced/i;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
