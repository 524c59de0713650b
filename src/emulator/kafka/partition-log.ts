import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readdirSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
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

const SCAN_CHUNK = 1 << 20;
const DEFAULT_SEGMENT_BYTES = 1 << 30;

/**
 * One partition: record batches appended to segment files exactly as produced (offsets patched), an
 * in-memory index of batch positions rebuilt from the files on start, and retention by whole segments.
 */
export class PartitionLog {
  private readonly index: IndexEntry[] = [];
  private readonly segments: Segment[] = [];
  private next = 0;
  private totalBytes = 0;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly segmentBytes: number,
  ) {}

  static open(dir: string, opts: { segmentBytes?: number } = {}): PartitionLog {
    mkdirSync(dir, { recursive: true });
    const log = new PartitionLog(dir, opts.segmentBytes ?? DEFAULT_SEGMENT_BYTES);
    log.recover();
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

  /** Appends checked batches from `records`, assigning offsets. Returns the base offset of the first. */
  append(records: Buffer, batches: BatchInfo[]): number {
    const first = this.next;
    const bytes = batches.reduce((sum, b) => sum + b.size, 0);
    let segment = this.segments.at(-1)!;
    if (segment.size > 0 && segment.size + bytes > this.segmentBytes) segment = this.roll();
    let position = segment.size;
    for (const batch of batches) {
      assignBaseOffset(records, batch, this.next, 0);
      const nextOffset = this.next + batch.lastOffsetDelta + 1;
      this.index.push({ baseOffset: this.next, nextOffset, segment, position, size: batch.size, maxTimestamp: batch.maxTimestamp, bytesBefore: this.totalBytes });
      this.next = nextOffset;
      position += batch.size;
      this.totalBytes += batch.size;
    }
    const firstBatch = batches[0]!;
    const lastBatch = batches.at(-1)!;
    if (lastBatch.start + lastBatch.size - firstBatch.start === bytes) {
      writeAll(segment.fd, records.subarray(firstBatch.start, firstBatch.start + bytes));
    } else {
      for (const b of batches) writeAll(segment.fd, records.subarray(b.start, b.start + b.size));
    }
    segment.size = position;
    for (const wake of [...this.waiters]) wake();
    return first;
  }

  /** Whole batches from the one holding `offset`, at least one, then more from its segment while under `maxBytes`. */
  read(offset: number, maxBytes: number): Buffer {
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
    let done = 0;
    while (done < out.length) {
      const n = readSync(segment.fd, out, done, out.length - done, start + done);
      if (n === 0) throw new Error(`segment ${segment.path} ended at ${start + done}, expected ${end}`);
      done += n;
    }
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
      closeSync(oldest.fd);
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
    for (const s of this.segments) closeSync(s.fd);
    for (const wake of [...this.waiters]) wake();
  }

  private roll(): Segment {
    const segment = this.openSegment(this.next);
    this.segments.push(segment);
    return segment;
  }

  private openSegment(baseOffset: number): Segment {
    const path = join(this.dir, `${String(baseOffset).padStart(20, '0')}.log`);
    return { baseOffset, path, fd: openSync(path, 'a+'), size: 0 };
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

  /** Rebuilds the index from batch headers; a torn last batch (crash mid-write) is cut off. */
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
    const fileSize = fstatSync(segment.fd).size;
    const header = Buffer.allocUnsafe(BATCH.HEADER_SIZE);
    let position = 0;
    let chunk = Buffer.alloc(0);
    let chunkStart = 0;
    while (position + BATCH.HEADER_SIZE <= fileSize) {
      if (position + BATCH.HEADER_SIZE > chunkStart + chunk.length) {
        chunk = Buffer.allocUnsafe(Math.min(SCAN_CHUNK, fileSize - position));
        chunkStart = position;
        readSync(segment.fd, chunk, 0, chunk.length, position);
      }
      chunk.copy(header, 0, position - chunkStart, position - chunkStart + BATCH.HEADER_SIZE);
      const size = header.readInt32BE(BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
      if (size < BATCH.HEADER_SIZE || position + size > fileSize) break;
      const baseOffset = Number(header.readBigInt64BE(BATCH.BASE_OFFSET));
      const nextOffset = baseOffset + header.readInt32BE(BATCH.LAST_OFFSET_DELTA) + 1;
      this.index.push({ baseOffset, nextOffset, segment, position, size, maxTimestamp: Number(header.readBigInt64BE(BATCH.MAX_TIMESTAMP)), bytesBefore: this.totalBytes });
      this.totalBytes += size;
      this.next = nextOffset;
      position += size;
    }
    if (position < fileSize) ftruncateSync(segment.fd, position);
    segment.size = position;
  }
}

function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done);
}
