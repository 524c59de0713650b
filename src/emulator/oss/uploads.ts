import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DiskGate } from './disk.js';
import { ossError } from './errors.js';
import { readLayout } from './object-file.js';
import { StagedFile } from './staging.js';
import { removeTemporaryFiles, writeAtomically } from './store.js';
import type { ObjectFields, ObjectMeta, ObjectStorage, PartInfo, StagedBody, Upload, UploadStorage } from './storage.js';

/** OSS refuses to complete an upload whose parts, the last excepted, are smaller than 100 KB. */
const MIN_PART_BYTES = 100 * 1024;

interface UploadRecord { bucket: string; key: string; contentType: string; userMeta: Record<string, string>; standardHeaders?: Record<string, string> }
interface PartMeta { partNumber: number; size: number; etag: string; lastModified: string }

const etagOf = (md5: Buffer) => `"${md5.toString('hex').toUpperCase()}"`;

/**
 * Multipart uploads on disk: `uploads/<uploadId>/upload.json` (target and metadata) and one file per part, named
 * by its number, in the object file layout (its size and ETag in the trailer). Completing streams the parts, in
 * order, into one staged body that becomes the object.
 */
export class UploadStore implements UploadStorage {
  private constructor(
    private readonly root: string,
    private readonly objects: ObjectStorage,
    private readonly gate: DiskGate,
  ) {}

  /** Opens the uploads under `dataDir`, removing the temporary files interrupted writes left. */
  static async load(dataDir: string, objects: ObjectStorage, gate: DiskGate): Promise<UploadStore> {
    const root = join(dataDir, 'uploads');
    await mkdir(root, { recursive: true });
    for (const id of await readdir(root)) await removeTemporaryFiles(join(root, id));
    return new UploadStore(root, objects, gate);
  }

  async initiate(bucket: string, key: string, fields: ObjectFields): Promise<Upload> {
    const id = randomUUID().replace(/-/g, '').toUpperCase();
    await mkdir(this.dir(id), { recursive: true });
    const record: UploadRecord = { bucket, key, contentType: fields.contentType, userMeta: fields.userMeta, ...(fields.standardHeaders ? { standardHeaders: fields.standardHeaders } : {}) };
    await writeAtomically(join(this.dir(id), 'upload.json'), Buffer.from(JSON.stringify(record)), this.gate);
    return { id, bucket, key, fields };
  }

  async find(uploadId: string): Promise<Upload | undefined> {
    if (!/^[A-F0-9]{32}$/.test(uploadId)) return undefined;
    const text = await readFile(join(this.dir(uploadId), 'upload.json'), 'utf8').catch(() => undefined);
    if (!text) return undefined;
    const record = JSON.parse(text) as UploadRecord;
    const fields: ObjectFields = { contentType: record.contentType, userMeta: record.userMeta, standardHeaders: record.standardHeaders ?? {} };
    return { id: uploadId, bucket: record.bucket, key: record.key, fields };
  }

  async putPart(upload: Upload, partNumber: number, body: StagedBody): Promise<void> {
    if (!(body instanceof StagedFile)) throw new Error('putPart: a body this store did not stage');
    const meta: PartMeta = { partNumber, size: body.size, etag: etagOf(body.md5), lastModified: new Date().toISOString() };
    await body.commitAs(this.partFile(upload.id, partNumber), meta);
  }

  async listParts(upload: Upload): Promise<PartInfo[]> {
    const parts: PartInfo[] = [];
    for (const partNumber of await this.partNumbers(upload.id)) {
      const meta = await this.partMeta(upload.id, partNumber);
      if (meta) parts.push({ partNumber, lastModified: meta.lastModified, etag: meta.etag, size: meta.size });
    }
    return parts;
  }

  async complete(upload: Upload, parts: ReadonlyArray<{ partNumber: number; etag: string }>): Promise<ObjectMeta> {
    const metas: PartMeta[] = [];
    let previous = 0;
    for (const part of parts) {
      if (part.partNumber <= previous) throw ossError('InvalidPartOrder');
      previous = part.partNumber;
      const meta = await this.partMeta(upload.id, part.partNumber);
      if (!meta || meta.etag !== part.etag) throw ossError('InvalidPart', { PartNumber: String(part.partNumber) });
      metas.push(meta);
    }
    // sizes only once the whole list is known to be in order and to name real parts
    const small = metas.findIndex((m, i) => i < metas.length - 1 && m.size < MIN_PART_BYTES);
    if (small >= 0) {
      throw ossError('EntityTooSmall', { PartNumber: String(metas[small]?.partNumber), ProposedSize: String(metas[small]?.size), MinSizeAllowed: String(MIN_PART_BYTES) });
    }
    const md5s = metas.map((m) => Buffer.from(m.etag.replace(/"/g, ''), 'hex'));
    const etag = `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex').toUpperCase()}-${parts.length}"`;
    const body = await this.objects.stage(this.partBodies(upload.id, metas), Number.MAX_SAFE_INTEGER);
    try {
      const meta = await this.objects.put(upload.bucket, upload.key, body, { ...upload.fields, etag });
      await rm(this.dir(upload.id), { recursive: true, force: true });
      return meta;
    } finally {
      await body.discard();
    }
  }

  async abort(upload: Upload): Promise<void> {
    await rm(this.dir(upload.id), { recursive: true, force: true });
  }

  /** The listed parts' bytes, one after the other, each read from its own file. */
  private async *partBodies(uploadId: string, metas: readonly PartMeta[]): AsyncGenerator<Buffer> {
    for (const meta of metas) {
      if (meta.size === 0) continue;
      const handle = await open(this.partFile(uploadId, meta.partNumber), 'r');
      const layout = await readLayout<PartMeta>(handle);
      const start = layout?.bodyStart ?? 0;
      yield* handle.createReadStream({ start, end: start + meta.size - 1 }) as AsyncIterable<Buffer>;
    }
  }

  private async partMeta(uploadId: string, partNumber: number): Promise<PartMeta | undefined> {
    const handle = await open(this.partFile(uploadId, partNumber), 'r').catch(() => undefined);
    if (!handle) return undefined;
    try {
      return (await readLayout<PartMeta>(handle))?.meta;
    } catch {
      return undefined;
    } finally {
      await handle.close();
    }
  }

  private dir(uploadId: string): string {
    return join(this.root, uploadId);
  }

  private partFile(uploadId: string, partNumber: number): string {
    return join(this.dir(uploadId), String(partNumber));
  }

  private async partNumbers(uploadId: string): Promise<number[]> {
    return (await readdir(this.dir(uploadId)).catch(() => [] as string[])).filter((f) => /^\d+$/.test(f)).map(Number).sort((a, b) => a - b);
  }
}
