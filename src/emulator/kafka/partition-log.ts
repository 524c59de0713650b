import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { assignBaseOffset, BATCH, type BatchInfo } from './record-batch.js';

interface IndexEntry {
  baseOffset: number;
  /** Offset after the batch's last record. */
  nextOffset: number;
  position: number;
  size: number;
  maxTimestamp: number;
}

const SEGMENT_FILE = '00000000000000000000.log';
const SCAN_CHUNK = 1 << 20;

/**
 * One partition: record batches appended to a segment file exactly as produced (offsets patched), and an
 * in-memory index of batch positions rebuilt from the file on start.
 */
export class PartitionLog {
  private readonly index: IndexEntry[] = [];
  private fd: number;
  private endPosition = 0;
  private readonly waiters = new Set<() => void>();

  private constructor(fd: number) {
    this.fd = fd;
  }

  static open(dir: string): PartitionLog {
    mkdirSync(dir, { recursive: true });
    const log = new PartitionLog(openSync(join(dir, SEGMENT_FILE), 'a+'));
    log.recover();
    return log;
  }

  get logStartOffset(): number {
    return this.index[0]?.baseOffset ?? this.nextOffset;
  }

  /** High watermark = log end offset: there are no followers to wait for. */
  get highWatermark(): number {
    return this.nextOffset;
  }

  private get nextOffset(): number {
    return this.index.at(-1)?.nextOffset ?? 0;
  }

  /** Appends checked batches from `records`, assigning offsets. Returns the base offset of the first. */
  append(records: Buffer, batches: BatchInfo[]): number {
    const first = this.nextOffset;
    let offset = first;
    let position = this.endPosition;
    for (const batch of batches) {
      assignBaseOffset(records, batch, offset, 0);
      const next = offset + batch.lastOffsetDelta + 1;
      this.index.push({ baseOffset: offset, nextOffset: next, position, size: batch.size, maxTimestamp: batch.maxTimestamp });
      offset = next;
      position += batch.size;
    }
    const contiguous = batches.length > 0 && batches.at(-1)!.start + batches.at(-1)!.size - batches[0]!.start === position - this.endPosition;
    if (contiguous) {
      writeAll(this.fd, records.subarray(batches[0]!.start, batches[0]!.start + (position - this.endPosition)));
    } else {
      for (const b of batches) writeAll(this.fd, records.subarray(b.start, b.start + b.size));
    }
    this.endPosition = position;
    for (const wake of [...this.waiters]) wake();
    return first;
  }

  /** Whole batches from the one holding `offset`, at least one, then more while under `maxBytes`. */
  read(offset: number, maxBytes: number): Buffer {
    let i = this.findBatch(offset);
    if (i < 0) return Buffer.alloc(0);
    const start = this.index[i]!.position;
    let end = start + this.index[i]!.size;
    for (i++; i < this.index.length; i++) {
      const e = this.index[i]!;
      if (e.position + e.size - start > maxBytes) break;
      end = e.position + e.size;
    }
    const out = Buffer.allocUnsafe(end - start);
    let done = 0;
    while (done < out.length) {
      const n = readSync(this.fd, out, done, out.length - done, start + done);
      if (n === 0) throw new Error(`segment file ended at ${start + done}, expected ${end}`);
      done += n;
    }
    return out;
  }

  /** Bytes available from `offset` to the end, for Fetch's MinBytes. */
  bytesFrom(offset: number): number {
    const i = this.findBatch(offset);
    return i < 0 ? 0 : this.endPosition - this.index[i]!.position;
  }

  /** First offset of the first batch whose max timestamp is at or after `timestamp` (batch granularity). */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | undefined {
    for (const e of this.index) if (e.maxTimestamp >= timestamp) return { offset: e.baseOffset, timestamp: e.maxTimestamp };
    return undefined;
  }

  /** Calls `wake` on the next append; returns the function that cancels it. */
  onAppend(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    for (const wake of [...this.waiters]) wake();
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
    const fileSize = fstatSync(this.fd).size;
    const header = Buffer.allocUnsafe(BATCH.HEADER_SIZE);
    let position = 0;
    let chunk = Buffer.alloc(0);
    let chunkStart = 0;
    while (position + BATCH.HEADER_SIZE <= fileSize) {
      if (position < chunkStart || position + BATCH.HEADER_SIZE > chunkStart + chunk.length) {
        chunk = Buffer.allocUnsafe(Math.min(SCAN_CHUNK, fileSize - position));
        chunkStart = position;
        readSync(this.fd, chunk, 0, chunk.length, position);
      }
      chunk.copy(header, 0, position - chunkStart, position - chunkStart + BATCH.HEADER_SIZE);
      const size = header.readInt32BE(BATCH.LENGTH) + BATCH.LOG_OVERHEAD;
      if (size < BATCH.HEADER_SIZE || position + size > fileSize) break;
      const baseOffset = Number(header.readBigInt64BE(BATCH.BASE_OFFSET));
      this.index.push({
        baseOffset,
        nextOffset: baseOffset + header.readInt32BE(BATCH.LAST_OFFSET_DELTA) + 1,
        position,
        size,
        maxTimestamp: Number(header.readBigInt64BE(BATCH.MAX_TIMESTAMP)),
      });
      position += size;
    }
    if (position < fileSize) ftruncateSync(this.fd, position);
    this.endPosition = position;
  }
}

function writeAll(fd: number, data: Buffer): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done);
}
