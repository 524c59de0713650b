// Issue #14 item 1 (OSS part): a write that fails part-way (a full disk) must not leave its partial `.tmp` file
// behind, and the ones a crash left are removed when the server starts. The disk is made to fill up through the
// store's one write path (`faults.diskFullAfter`): the bytes up to the limit are really written, then ENOSPC.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const owner = { id: 'LTAIdiskFullOwner01', secret: 'disk-full-owner-secret' };
let server: OssServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-diskfull-'));
  server = await startOssServer({ dataDir, accessKeys: [owner] });
  await server.createBucket('full');
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const client = (endpoint = server.endpoint) =>
  new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint, region: 'oss-cn-hangzhou', bucket: 'full', timeout: 30_000, authorizationV4: true } as OSS.Options);

/** Every file under the data directory, relative to it. */
async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(join(dir, entry.name), path)));
    else out.push(path);
  }
  return out;
}

const temporaryFiles = async () => (await filesUnder(dataDir)).filter((f) => f.endsWith('.tmp'));
const MiB = 1024 * 1024;

describe('a write that fails on a full disk', () => {
  it('PutObject: answers 500, removes the partial file, keeps the old version, and succeeds once there is space', async () => {
    const oss = client();
    await oss.put('kept.bin', Buffer.alloc(MiB, 1));
    for (const limit of [256 * 1024, MiB + 4 + 20]) {
      // mid-body, then mid-way through the metadata that follows the body
      server.faults.diskFullAfter(limit);
      await expect(oss.put('kept.bin', Buffer.alloc(MiB, 2))).rejects.toMatchObject({ status: 500, code: 'InternalError' });
      expect(await temporaryFiles()).toEqual([]);
      expect((await oss.get('kept.bin')).content.equals(Buffer.alloc(MiB, 1))).toBe(true);
    }
    server.faults.clear();
    await oss.put('kept.bin', Buffer.alloc(MiB, 2));
    expect((await oss.get('kept.bin')).content.equals(Buffer.alloc(MiB, 2))).toBe(true);
  });

  it('UploadPart, CompleteMultipartUpload and CopyObject: no partial file is left either', async () => {
    const oss = client();
    const { uploadId } = await oss.initMultipartUpload('parts.bin');
    server.faults.diskFullAfter(64 * 1024);
    await expect(oss.uploadPart('parts.bin', uploadId, 1, Buffer.alloc(200 * 1024, 3), 0, 200 * 1024)).rejects.toMatchObject({ status: 500 });
    expect(await temporaryFiles()).toEqual([]);
    server.faults.clear();
    const one = await oss.uploadPart('parts.bin', uploadId, 1, Buffer.alloc(200 * 1024, 3), 0, 200 * 1024);
    const two = await oss.uploadPart('parts.bin', uploadId, 2, Buffer.alloc(10, 4), 0, 10);
    server.faults.diskFullAfter(100 * 1024);
    await expect(oss.completeMultipartUpload('parts.bin', uploadId, [{ number: 1, etag: one.etag }, { number: 2, etag: two.etag }])).rejects.toMatchObject({ status: 500 });
    expect(await temporaryFiles()).toEqual([]);
    server.faults.diskFullAfter(100 * 1024);
    await expect(oss.copy('copy.bin', 'kept.bin')).rejects.toMatchObject({ status: 500 });
    expect(await temporaryFiles()).toEqual([]);
    server.faults.clear();
    await oss.completeMultipartUpload('parts.bin', uploadId, [{ number: 1, etag: one.etag }, { number: 2, etag: two.etag }]);
    expect((await oss.head('parts.bin')).res.headers).toMatchObject({ 'content-length': String(200 * 1024 + 10) });
  });
});

describe('start-up', () => {
  it('removes the temporary files a crash left in staging, objects, bucket and upload directories, and serves the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-stale-'));
    const first = await startOssServer({ dataDir: dir, accessKeys: [owner] });
    await first.createBucket('full');
    await client(first.endpoint).put('whole.txt', Buffer.from('whole'));
    const { uploadId } = await client(first.endpoint).initMultipartUpload('pending.bin');
    await first.close();
    const stale = [
      join('staging', 'crashed-put.tmp'),
      join('buckets', 'full', 'objects', `${'0'.repeat(64)}.11111111-2222-3333-4444-555555555555.tmp`),
      join('buckets', 'full', 'bucket.json.66666666-7777-8888-9999-000000000000.tmp'),
      join('uploads', uploadId, '1.aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.tmp'),
      join('uploads', uploadId, 'upload.json.ffffffff-0000-1111-2222-333333333333.tmp'),
    ];
    for (const file of stale) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), 'partial');
    }
    const second = await startOssServer({ dataDir: dir, accessKeys: [owner] });
    try {
      expect((await filesUnder(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect((await client(second.endpoint).get('whole.txt')).content.toString()).toBe('whole');
      expect((await client(second.endpoint).listParts('pending.bin', uploadId, {} as OSS.ListPartsQuery)).parts ?? []).toEqual([]);
    } finally {
      await second.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads objects stored by earlier versions ([4-byte meta length][meta][body])', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-legacy-'));
    const objects = join(dir, 'buckets', 'legacy', 'objects');
    await mkdir(objects, { recursive: true });
    await writeFile(join(dir, 'buckets', 'legacy', 'bucket.json'), JSON.stringify({ name: 'legacy', region: 'cn-hangzhou', creationDate: '2025-01-01T00:00:00.000Z' }));
    const body = Buffer.from('written before the layout changed');
    const meta = Buffer.from(JSON.stringify({ key: 'old.txt', size: body.length, etag: '"OLD"', contentType: 'text/plain', lastModified: new Date().toUTCString(), userMeta: { era: 'old' } }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(meta.length);
    await writeFile(join(objects, createHash('sha256').update('old.txt').digest('hex')), Buffer.concat([length, meta, body]));
    const server = await startOssServer({ dataDir: dir, accessKeys: [owner] });
    try {
      const oss = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint: server.endpoint, region: 'oss-cn-hangzhou', bucket: 'legacy', authorizationV4: true } as OSS.Options);
      const got = await oss.get('old.txt');
      expect(got.content.toString()).toBe('written before the layout changed');
      expect(got.res.headers).toMatchObject({ etag: '"OLD"', 'x-oss-meta-era': 'old' });
      expect((await oss.get('old.txt', { headers: { Range: 'bytes=8-13' } } as OSS.GetObjectOptions)).content.toString()).toBe('before');
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
