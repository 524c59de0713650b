import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ossError } from './errors.js';
import { writeAtomically } from './store.js';
import type { ObjectFields, ObjectMeta, ObjectStorage, PartInfo, Upload, UploadStorage } from './storage.js';

/** OSS refuses to complete an upload whose parts, the last excepted, are smaller than 100 KB. */
const MIN_PART_BYTES = 100 * 1024;

interface UploadRecord { bucket: string; key: string; contentType: string; userMeta: Record<string, string>; standardHeaders?: Record<string, string> }

const etagOf = (md5: Buffer) => `"${md5.toString('hex').toUpperCase()}"`;

/**
 * Multipart uploads on disk: `uploads/<uploadId>/upload.json` (target and metadata) and one file per part,
 * named by its number and written atomically. Completing joins the parts into an object of the ObjectStorage.
 */
export class UploadStore implements UploadStorage {
  private readonly root: string;

  constructor(dataDir: string, private readonly objects: ObjectStorage) {
    this.root = join(dataDir, 'uploads');
    mkdirSync(this.root, { recursive: true });
  }

  async initiate(bucket: string, key: string, fields: ObjectFields): Promise<Upload> {
    const id = randomUUID().replace(/-/g, '').toUpperCase();
    await mkdir(this.dir(id), { recursive: true });
    const record: UploadRecord = { bucket, key, contentType: fields.contentType, userMeta: fields.userMeta, ...(fields.standardHeaders ? { standardHeaders: fields.standardHeaders } : {}) };
    await writeFile(join(this.dir(id), 'upload.json'), JSON.stringify(record));
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

  async putPart(upload: Upload, partNumber: number, body: readonly Buffer[]): Promise<void> {
    await writeAtomically(join(this.dir(upload.id), String(partNumber)), [...body]);
  }

  async listParts(upload: Upload): Promise<PartInfo[]> {
    const parts: PartInfo[] = [];
    for (const partNumber of await this.partNumbers(upload.id)) {
      const file = join(this.dir(upload.id), String(partNumber));
      const info = await stat(file);
      const data = await readFile(file);
      parts.push({ partNumber, lastModified: info.mtime.toISOString(), etag: etagOf(createHash('md5').update(data).digest()), size: info.size });
    }
    return parts;
  }

  async complete(upload: Upload, parts: ReadonlyArray<{ partNumber: number; etag: string }>): Promise<ObjectMeta> {
    const buffers: Buffer[] = [];
    const md5s: Buffer[] = [];
    let previous = 0;
    for (const part of parts) {
      if (part.partNumber <= previous) throw ossError('InvalidPartOrder');
      previous = part.partNumber;
      const data = await readFile(join(this.dir(upload.id), String(part.partNumber))).catch(() => undefined);
      const md5 = data && createHash('md5').update(data).digest();
      if (!data || !md5 || etagOf(md5) !== part.etag) throw ossError('InvalidPart', { PartNumber: String(part.partNumber) });
      buffers.push(data);
      md5s.push(md5);
    }
    // sizes only once the whole list is known to be in order and to name real parts
    const small = buffers.findIndex((b, i) => i < buffers.length - 1 && b.length < MIN_PART_BYTES);
    if (small >= 0) {
      throw ossError('EntityTooSmall', { PartNumber: String(parts[small]?.partNumber), ProposedSize: String(buffers[small]?.length), MinSizeAllowed: String(MIN_PART_BYTES) });
    }
    const etag = `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex').toUpperCase()}-${parts.length}"`;
    const meta = await this.objects.put(upload.bucket, upload.key, Buffer.concat(buffers), { ...upload.fields, etag });
    await rm(this.dir(upload.id), { recursive: true, force: true });
    return meta;
  }

  async abort(upload: Upload): Promise<void> {
    await rm(this.dir(upload.id), { recursive: true, force: true });
  }

  private dir(uploadId: string): string {
    return join(this.root, uploadId);
  }

  private async partNumbers(uploadId: string): Promise<number[]> {
    return (await readdir(this.dir(uploadId)).catch(() => [] as string[])).filter((f) => /^\d+$/.test(f)).map(Number).sort((a, b) => a - b);
  }
}
