import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DiskGate } from './disk.js';
import { writeAll } from './disk.js';
import { ossError } from './errors.js';
import { readLayout } from './object-file.js';
import { stage, StagedFile } from './staging.js';
import type { BucketMeta, ObjectFields, ObjectMeta, ObjectStorage, StagedBody, StoredObject } from './storage.js';

interface BucketEntry { meta: BucketMeta; objects: Map<string, ObjectMeta>; sorted: string[] | undefined }

/**
 * Buckets and objects on disk. An object is one file (see object-file.ts) named by the SHA-256 of its key, so no
 * key can name a path outside the bucket. Bodies stream into `staging/` and are renamed into place once whole
 * and flushed: an object is either whole or absent, even after a crash; temporary files a crash left are removed
 * at start-up. A read takes metadata and bytes from one open file, so a concurrent overwrite cannot mix versions.
 */
export class ObjectStore implements ObjectStorage {
  private readonly buckets = new Map<string, BucketEntry>();

  private constructor(
    private readonly root: string,
    readonly stagingDir: string,
    private readonly gate: DiskGate,
  ) {}

  /** Opens the store under `dataDir`, indexing every object and removing what interrupted writes left. */
  static async load(dataDir: string, gate: DiskGate): Promise<ObjectStore> {
    const store = new ObjectStore(join(dataDir, 'buckets'), join(dataDir, 'staging'), gate);
    await rm(store.stagingDir, { recursive: true, force: true });
    await mkdir(store.stagingDir, { recursive: true });
    await mkdir(store.root, { recursive: true });
    for (const name of await readdir(store.root)) await store.loadBucket(name);
    return store;
  }

  private async loadBucket(name: string): Promise<void> {
    const dir = join(this.root, name);
    await removeTemporaryFiles(dir);
    const metaText = await readFile(join(dir, 'bucket.json'), 'utf8').catch(() => undefined);
    if (metaText === undefined) return;
    const objects = new Map<string, ObjectMeta>();
    const objectsDir = join(dir, 'objects');
    await removeTemporaryFiles(objectsDir);
    for (const file of await readdir(objectsDir).catch(() => [] as string[])) {
      const meta = await readMeta(join(objectsDir, file));
      if (meta) objects.set(meta.key, meta);
    }
    this.buckets.set(name, { meta: JSON.parse(metaText) as BucketMeta, objects, sorted: undefined });
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
    await writeAtomically(join(this.root, name, 'bucket.json'), Buffer.from(JSON.stringify(meta)), this.gate);
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

  stage(source: AsyncIterable<Buffer>, maxBytes: number): Promise<StagedBody> {
    return stage(this.stagingDir, source, { maxBytes, tooLarge: () => ossError('EntityTooLarge') }, this.gate);
  }

  async put(bucket: string, key: string, body: StagedBody, fields: ObjectFields): Promise<ObjectMeta> {
    const entry = this.buckets.get(bucket);
    if (!entry || !(body instanceof StagedFile)) throw new Error(`put ${bucket}/${key}: no such bucket, or a body this store did not stage`);
    const meta: ObjectMeta = {
      key,
      size: body.size,
      etag: fields.etag ?? `"${body.md5.toString('hex').toUpperCase()}"`,
      contentType: fields.contentType,
      lastModified: new Date().toUTCString(),
      userMeta: fields.userMeta,
      ...(fields.standardHeaders && Object.keys(fields.standardHeaders).length ? { standardHeaders: fields.standardHeaders } : {}),
    };
    await body.commitAs(this.file(bucket, key), meta);
    if (!entry.objects.has(key) && entry.sorted) entry.sorted.splice(insertionPoint(entry.sorted, key), 0, key);
    entry.objects.set(key, meta);
    return meta;
  }

  async open(bucket: string, key: string): Promise<StoredObject | undefined> {
    if (!this.head(bucket, key)) return undefined;
    const handle = await open(this.file(bucket, key), 'r').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined; // deleted since the index was read
      throw err;
    });
    if (!handle) return undefined;
    const layout = await readLayout<ObjectMeta>(handle).catch(async (err: unknown) => {
      await handle.close();
      throw err;
    });
    if (!layout) {
      await handle.close();
      throw new Error(`object file of ${bucket}/${key} is truncated`);
    }
    return openObject(handle, layout.meta, layout.bodyStart);
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

  sortedKeys(bucket: string): readonly string[] {
    const entry = this.buckets.get(bucket);
    if (!entry) return [];
    entry.sorted ??= [...entry.objects.keys()].sort(byteOrder);
    return entry.sorted;
  }
}

function openObject(handle: FileHandle, meta: ObjectMeta, bodyStart: number): StoredObject {
  return {
    meta,
    body(range) {
      if (meta.size === 0) {
        void handle.close();
        return Readable.from([]);
      }
      return handle.createReadStream({ start: bodyStart + (range?.start ?? 0), end: bodyStart + (range ? range.end : meta.size - 1) });
    },
    close: () => handle.close(),
  };
}

async function readMeta(path: string): Promise<ObjectMeta | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    return (await readLayout<ObjectMeta>(handle))?.meta;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Removes the `*.tmp` files of a directory: left by a crash mid-write, never visible as data. */
export async function removeTemporaryFiles(dir: string): Promise<void> {
  for (const file of await readdir(dir).catch(() => [] as string[])) {
    if (file.endsWith('.tmp')) await rm(join(dir, file), { force: true });
  }
}

/** Writes a small file whole or not at all: a temporary file, flushed, renamed; removed if any step fails. */
export async function writeAtomically(path: string, data: Buffer, gate: DiskGate): Promise<void> {
  const temp = `${path}.${randomUUID()}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await writeAll(handle, [data], gate);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
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
