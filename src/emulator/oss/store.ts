import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, rmSync, mkdirSync, readdirSync, readFileSync, existsSync, openSync, readSync, closeSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BucketMeta, ObjectFields, ObjectMeta, ObjectStorage } from './storage.js';

/**
 * Buckets and objects on disk. An object is one file, `[4-byte meta length][meta JSON][body]`,
 * named by the SHA-256 of its key (so no key can name a path outside the bucket), written to a
 * temporary file, flushed and renamed: it is either whole or absent, even after a crash.
 */
export class ObjectStore implements ObjectStorage {
  private readonly buckets = new Map<string, { meta: BucketMeta; objects: Map<string, ObjectMeta>; sorted: string[] | undefined }>();
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'buckets');
    mkdirSync(this.root, { recursive: true });
    for (const name of readdirSync(this.root)) {
      const metaPath = join(this.root, name, 'bucket.json');
      if (!existsSync(metaPath)) continue;
      const objects = new Map<string, ObjectMeta>();
      const dir = join(this.root, name, 'objects');
      for (const file of existsSync(dir) ? readdirSync(dir) : []) {
        if (file.endsWith('.tmp')) {
          // left by a crash mid-write: the object it was becoming was never visible
          rmSync(join(dir, file), { force: true });
          continue;
        }
        const meta = readMetaSync(join(dir, file));
        if (meta) objects.set(meta.key, meta);
      }
      this.buckets.set(name, { meta: JSON.parse(readFileSync(metaPath, 'utf8')) as BucketMeta, objects, sorted: undefined });
    }
  }

  bucket(name: string): BucketMeta | undefined {
    return this.buckets.get(name)?.meta;
  }

  listBuckets(): BucketMeta[] {
    return [...this.buckets.values()].map((b) => b.meta).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createBucket(name: string, region: string): Promise<BucketMeta> {
    const meta: BucketMeta = { name, region, creationDate: new Date().toISOString() };
    await mkdir(join(this.root, name, 'objects'), { recursive: true });
    await writeAtomically(join(this.root, name, 'bucket.json'), Buffer.from(JSON.stringify(meta)));
    this.buckets.set(name, { meta, objects: new Map(), sorted: undefined });
    return meta;
  }

  isEmpty(name: string): boolean {
    return (this.buckets.get(name)?.objects.size ?? 0) === 0;
  }

  async deleteBucket(name: string): Promise<void> {
    await rm(join(this.root, name), { recursive: true, force: true });
    this.buckets.delete(name);
  }

  head(bucket: string, key: string): ObjectMeta | undefined {
    return this.buckets.get(bucket)?.objects.get(key);
  }

  private file(bucket: string, key: string): string {
    return join(this.root, bucket, 'objects', createHash('sha256').update(key).digest('hex'));
  }

  /** Stores an object given as one buffer or as the chunks it arrived in. */
  async put(bucket: string, key: string, body: Buffer | readonly Buffer[], fields: ObjectFields): Promise<ObjectMeta> {
    const entry = this.buckets.get(bucket)!;
    const chunks = Buffer.isBuffer(body) ? [body] : body;
    const meta: ObjectMeta = {
      key,
      size: chunks.reduce((total, chunk) => total + chunk.length, 0),
      etag: fields.etag ?? `"${md5OfChunks(chunks).toString('hex').toUpperCase()}"`,
      contentType: fields.contentType,
      lastModified: new Date().toUTCString(),
      userMeta: fields.userMeta,
      ...(fields.standardHeaders && Object.keys(fields.standardHeaders).length ? { standardHeaders: fields.standardHeaders } : {}),
    };
    const metaBytes = Buffer.from(JSON.stringify(meta));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(metaBytes.length);
    await writeAtomically(this.file(bucket, key), [prefix, metaBytes, ...chunks]);
    if (!entry.objects.has(key) && entry.sorted) entry.sorted.splice(insertionPoint(entry.sorted, key), 0, key);
    entry.objects.set(key, meta);
    return meta;
  }

  /** The object's bytes (optionally a range, inclusive end), as a stream. */
  read(bucket: string, key: string, range?: { start: number; end: number }): Readable {
    // One descriptor for header and body, so a concurrent overwrite (a rename) cannot mix two versions.
    const fd = openSync(this.file(bucket, key), 'r');
    const header = Buffer.alloc(4);
    readSync(fd, header, 0, 4, 0);
    const metaLength = header.readUInt32BE(0);
    const metaBytes = Buffer.alloc(metaLength);
    readSync(fd, metaBytes, 0, metaLength, 4);
    const size = (JSON.parse(metaBytes.toString('utf8')) as ObjectMeta).size;
    const bodyStart = 4 + metaLength;
    if (size === 0) {
      closeSync(fd);
      return Readable.from([]);
    }
    return createReadStream('', { fd, start: bodyStart + (range?.start ?? 0), end: bodyStart + (range ? range.end : size - 1) });
  }

  async readAll(bucket: string, key: string): Promise<Buffer> {
    const data = await readFile(this.file(bucket, key));
    return data.subarray(4 + data.readUInt32BE(0));
  }

  async delete(bucket: string, key: string): Promise<boolean> {
    const entry = this.buckets.get(bucket);
    if (!entry?.objects.has(key)) return false;
    await unlink(this.file(bucket, key)).catch(() => undefined);
    entry.objects.delete(key);
    if (entry.sorted) {
      const at = insertionPoint(entry.sorted, key) - 1;
      if (entry.sorted[at] === key) entry.sorted.splice(at, 1);
      else entry.sorted = undefined;
    }
    return true;
  }

  /** Keys of a bucket in byte order (OSS lists in lexicographic UTF-8 order). */
  sortedKeys(bucket: string): string[] {
    const entry = this.buckets.get(bucket)!;
    entry.sorted ??= [...entry.objects.keys()].sort(byteOrder);
    return entry.sorted;
  }
}

function readMetaSync(path: string): ObjectMeta | undefined {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(4);
    if (readSync(fd, header, 0, 4, 0) < 4) return undefined;
    const meta = Buffer.alloc(header.readUInt32BE(0));
    readSync(fd, meta, 0, meta.length, 4);
    return JSON.parse(meta.toString('utf8')) as ObjectMeta;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export async function writeAtomically(path: string, data: Buffer | Buffer[]): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    if (Array.isArray(data)) await writeAllv(handle, data);
    else await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

/** The MD5 of an object given in chunks (as a PUT body arrives), without joining them. */
export function md5OfChunks(chunks: readonly Buffer[]): Buffer {
  const hash = createHash('md5');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest();
}

/** writev until every byte is down (a single writev may write less than asked). */
async function writeAllv(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let pending = buffers.filter((b) => b.length > 0);
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    const rest: Buffer[] = [];
    for (const b of pending) {
      if (bytesWritten >= b.length) bytesWritten -= b.length;
      else {
        rest.push(b.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    pending = rest;
  }
}

/** OSS lists keys in the byte order of their UTF-8 encoding. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The index of the first key in `sorted` that sorts after `key`. */
export function insertionPoint(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byteOrder(sorted[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
