import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describeIoError, LogStorageError, nodeLogFiles, type LogFiles } from './log-files.js';
import { assignBaseOffset, BATCH, recordAtOrAfter, type BatchInfo } from './record-batch.js';

interface Segment {
  baseOffset: number;
  path: string;
  fd: number;
  size: number;
}

interface IndexEntry {
  baseOffset: number;
  /** Offset after the batch's last record. */
  nextOffset: number;
  segment: Segment;
  position: number;
  size: number;
  maxTimestamp: number;
  /** Bytes in the log before this batch, for MinBytes accounting across segments. */
  bytesBefore: number;
}

export interface RetentionRule {
  /** -1: keep forever. */
  retentionMs: number;
  /** -1: no size limit. */
  retentionBytes: number;
  now: number;
}

export interface PartitionLogOptions {
  segmentBytes?: number;
  files?: LogFiles;
}

const SCAN_CHUNK = 1 << 20;
const DEFAULT_SEGMENT_BYTES = 1 << 30;
const MAGIC_V2 = 2;

/**
 * One partition: record batches appended to segment files exactly as produced (offsets patched), an
 * in-memory index of batch positions rebuilt from the files on start, and retention by whole segments.
 * A batch gets its offsets only once its bytes are written: a failed write (a full disk) is cut off the
 * segment and leaves the offsets, the index and the high watermark as they were.
 */
export class PartitionLog {
  private readonly index: IndexEntry[] = [];
  private readonly segments: Segment[] = [];
  private next = 0;
  private totalBytes = 0;
  private readonly waiters = new Set<() => void>();
  private closed = false;
  /** Why the log takes no more reads or writes: a failed write could not be cut off its segment. */
  private offline: string | undefined;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
    private readonly files: LogFiles,
  ) {}

  static open(dir: string, opts: PartitionLogOptions = {}): PartitionLog {
    mkdirSync(dir, { recursive: true });
    const log = new PartitionLog(dir, opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES, opts.files ?? nodeLogFiles);
    try {
      log.recover();
    } catch (err) {
      log.close();
      throw err;
    }
    return log;
  }

  get logStartOffset(): number {
    return this.index[0]?.baseOffset ?? this.next;
  }

  /** High watermark = log end offset: there are no followers to wait for. */
  get highWatermark(): number {
    return this.next;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /**
   * Appends checked batches from `records`, assigning offsets. Returns the base offset of the first.
   * Throws LogStorageError when the bytes could not be written; nothing of the append is kept then.
   */
  append(records: Buffer, batches: BatchInfo[]): number {
    this.ensureOnline();
    const bytes = batches.reduce((sum, b) => sum + b.size, 0);
    let segment = this.segments.at(-1)!;
    if (segment.size > 0 && segment.size + bytes > this.segmentBytes) segment = this.roll();
    const first = this.next;
    let offset = first;
    for (const batch of batches) {
      assignBaseOffset(records, batch, offset, 0);
      offset += batch.lastOffsetDelta + 1;
    }
    this.writeAt(segment, batches.map((b) => records.subarray(b.start, b.start + b.size)), bytes);
    let position = segment.size;
    for (const batch of batches) {
      const nextOffset = this.next + batch.lastOffsetDelta + 1;
      this.index.push({ baseOffset: this.next, nextOffset, segment, position, size: batch.size, maxTimestamp: batch.maxTimestamp, bytesBefore: this.totalBytes });
      this.next = nextOffset;
      position += batch.size;
      this.totalBytes += batch.size;
    }
    segment.size = position;
    for (const wake of [...this.waiters]) wake();
    return first;
  }

  /** Whole batches from the one holding `offset`, at least one, then more from its segment while under `maxBytes`. */
  read(offset: number, maxBytes: number): Buffer {
    this.ensureOnline();
    let i = this.findBatch(offset);
    if (i < 0) return Buffer.alloc(0);
    const { segment, position: start } = this.index[i]!;
    let end = start + this.index[i]!.size;
    for (i++; i < this.index.length; i++) {
      const e = this.index[i]!;
      if (e.segment !== segment || e.position + e.size - start > maxBytes) break;
      end = e.position + e.size;
    }
    const out = Buffer.allocUnsafe(end - start);
    this.readAt(segment, out, start);
    return out;
  }

  /** Bytes available from `offset` to the end, for Fetch's MinBytes. */
  bytesFrom(offset: number): number {
    const i = this.findBatch(offset);
    return i < 0 ? 0 : this.totalBytes - this.index[i]!.bytesBefore;
  }

  /** The first record whose timestamp is at or after `timestamp` (see recordAtOrAfter for codecs). */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | undefined {
    for (const e of this.index) {
      if (e.maxTimestamp < timestamp) continue;
      const found = recordAtOrAfter(this.read(e.baseOffset, 0), timestamp);
      if (found) return found;
    }
    return undefined;
  }

  /** Deletes whole closed segments that are past the time or size limit. Returns how many went. */
  enforceRetention(rule: RetentionRule): number {
    let removed = 0;
    let retained = this.totalBytes - (this.index[0]?.bytesBefore ?? this.totalBytes);
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      const entries = this.index.filter((e) => e.segment === oldest);
      const newest = Math.max(-1, ...entries.map((e) => e.maxTimestamp));
      const tooOld = rule.retentionMs >= 0 && newest < rule.now - rule.retentionMs;
      const tooBig = rule.retentionBytes >= 0 && retained - oldest.size >= rule.retentionBytes;
      if (!tooOld && !tooBig) break;
      this.segments.shift();
      this.index.splice(0, entries.length);
      this.files.close(oldest.fd);
      rmSync(oldest.path, { force: true });
      retained -= oldest.size;
      removed++;
    }
    return removed;
  }

  /** Calls `wake` on the next append; returns the function that cancels it. */
  onAppend(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.segments) this.files.close(s.fd);
    for (const wake of [...this.waiters]) wake();
  }

  private ensureOnline(): void {
    if (this.offline) throw new LogStorageError(this.offline);
  }

  private roll(): Segment {
    const segment = this.openSegment(this.next);
    this.segments.push(segment);
    return segment;
  }

  private openSegment(baseOffset: number): Segment {
    const path = join(this.dir, `${String(baseOffset).padStart(20, '0')}.log`);
    try {
      return { baseOffset, path, fd: this.files.open(path), size: 0 };
    } catch (err) {
      throw new LogStorageError(`could not open segment ${path}: ${describeIoError(err)}`, { cause: err });
    }
  }

  /** Writes `chunks` at the segment's end; on failure cuts the segment back, so no partial batch stays. */
  private writeAt(segment: Segment, chunks: Buffer[], bytes: number): void {
    let at = segment.size;
    try {
      for (const chunk of chunks) {
        for (let done = 0; done < chunk.length; ) done += this.files.write(segment.fd, chunk, done, chunk.length - done, at + done);
        at += chunk.length;
      }
    } catch (err) {
      const reason = `could not write ${bytes} bytes to ${segment.path}: ${describeIoError(err)}`;
      try {
        this.files.truncate(segment.fd, segment.size);
      } catch (cutErr) {
        // Kafka takes the log directory offline on an I/O error until a restart (LogDirFailureChannel); here
        // only a write that could not be undone does, since recovery then cuts the torn batch off
        this.offline = `${reason}; the partial write could not be cut off (${describeIoError(cutErr)}), so the partition is offline until the broker restarts`;
      }
      throw new LogStorageError(reason, { cause: err });
    }
  }

  private readAt(segment: Segment, into: Buffer, position: number): void {
    let done = 0;
    try {
      while (done < into.length) {
        const n = this.files.read(segment.fd, into, done, into.length - done, position + done);
        if (n === 0) break;
        done += n;
      }
    } catch (err) {
      throw new LogStorageError(`could not read ${segment.path}: ${describeIoError(err)}`, { cause: err });
    }
    if (done < into.length) throw new LogStorageError(`segment ${segment.path} ended at ${position + done}, expected ${position + into.length}`);
  }

  private findBatch(offset: number): number {
    let lo = 0;
    let hi = this.index.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.index[mid]!.nextOffset > offset) {
        found = mid;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return found;
  }

  /** Rebuilds the index from batch headers; a torn or inconsistent tail (crash mid-write) is cut off. */
  private recover(): void {
    const bases = readdirSync(this.dir)
      .filter((f) => /^\d{20}\.log$/.test(f))
      .map((f) => Number(f.slice(0, 20)))
      .sort((a, b) => a - b);
    if (bases.length === 0) bases.push(0);
    for (const base of bases) {
      const segment = this.openSegment(base);
      this.segments.push(segment);
      this.next = Math.max(this.next, base);
      this.scan(segment);
    }
  }

  private scan(segment: Segment): void {
    const fileSize = this.files.size(segment.fd);
    const header = Buffer.allocUnsafe(BATCH.HEADER_SIZE);
    let position = 0;
    let chunk = Buffer.alloc(0);
    let chunkStart = 0;
    while (position + BATCH.HEADER_SIZE <= fileSize) {
      if (position + BATCH.HEADER_SIZE > chunkStart + chunk.length) {
        chunk = Buffer.allocUnsafe(Math.min(SCAN_CHUNK, fileSize - position));
        chunkStart = position;
        this.readAt(segment, chunk, position);
      }
      chunk.copy(header, 0, position - chunkStart, position - chunkStart + BATCH.HEADER_SIZE);
      const batch = this.storedBatch(header, position, fileSize);
      if (!batch) break;
      this.index.push({ ...batch, segment, position, bytesBefore: this.totalBytes });
      this.totalBytes += batch.size;
      this.next = batch.nextOffset;
      position += batch.size;
    }
    // as Kafka's LogSegment.recover: everything from the first batch that does not fit or follow on goes
    if (position < fileSize) this.files.truncate(segment.fd, position);
    segment.size = position;
  }

  /** The batch whose header is `header`, when it fits the file and continues the offsets; undefined ends the scan. */
  private storedBatch(header: Buffer, position: number, fileSize: number): Omit<IndexEntry, 'segment' | 'position' | 'bytesBefore'> | undefined {
    const size = header.readInt32BE(BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
    if (size < BATCH.HEADER_SIZE || position + size > fileSize || header[BATCH.MAGIC] !== MAGIC_V2) return undefined;
    const baseOffset = Number(header.readBigInt64BE(BATCH.BASE_OFFSET));
    const lastOffsetDelta = header.readInt32BE(BATCH.LAST_OFFSET_DELTA);
    if (baseOffset !== this.next || lastOffsetDelta < 0) return undefined;
    return { baseOffset, nextOffset: baseOffset + lastOffsetDelta + 1, size, maxTimestamp: Number(header.readBigInt64BE(BATCH.MAX_TIMESTAMP)) };
  }
}
