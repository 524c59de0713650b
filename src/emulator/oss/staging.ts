import { createHash, randomUUID } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAll, type DiskGate } from './disk.js';
import { MARKER, trailerOf } from './object-file.js';

/** Bytes gathered before one writev: the most a body holds in memory while it streams to disk. */
const WRITE_BATCH_BYTES = 256 * 1024;

/**
 * A body streamed to a temporary file of the staging directory and hashed on the way, not yet an object.
 * Committing appends its metadata and renames it into place; discarding (or any failure) removes it.
 */
export class StagedFile {
  private handle: FileHandle | undefined;

  constructor(
    private readonly path: string,
    handle: FileHandle,
    readonly size: number,
    readonly md5: Buffer,
    private readonly gate: DiskGate,
  ) {
    this.handle = handle;
  }

  /** Appends the metadata, flushes and renames the file to `target`: whole or absent, even after a crash. */
  async commitAs(target: string, meta: object): Promise<void> {
    const handle = this.open();
    try {
      await writeAll(handle, trailerOf(meta), this.gate);
      await handle.sync();
      await handle.close();
      this.handle = undefined;
      await rename(this.path, target);
    } catch (err) {
      await this.discard();
      throw err;
    }
  }

  /** Removes the staged file unless it was committed; safe to call more than once. */
  async discard(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close().catch(() => undefined);
    await rm(this.path, { force: true });
  }

  private open(): FileHandle {
    if (!this.handle) throw new Error('the staged body was already committed or discarded');
    return this.handle;
  }
}

/**
 * Streams `source` into a new file under `dir`, hashing it, holding at most one write batch in memory.
 * More than `maxBytes` fails with `tooLarge()`; any failure (a full disk included) removes the partial file.
 */
export async function stage(dir: string, source: AsyncIterable<Buffer>, limits: { maxBytes: number; tooLarge: () => Error }, gate: DiskGate): Promise<StagedFile> {
  const path = join(dir, `${randomUUID()}.tmp`);
  const handle = await open(path, 'wx');
  const md5 = createHash('md5');
  let size = 0;
  try {
    await writeAll(handle, [MARKER], gate);
    let batch: Buffer[] = [];
    let batchBytes = 0;
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limits.maxBytes) throw limits.tooLarge();
      md5.update(chunk);
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes >= WRITE_BATCH_BYTES) {
        await writeAll(handle, batch, gate);
        batch = [];
        batchBytes = 0;
      }
    }
    await writeAll(handle, batch, gate);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw err;
  }
  return new StagedFile(path, handle, size, md5.digest(), gate);
}
