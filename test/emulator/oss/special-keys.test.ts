import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const owner = { id: 'LTAIspecialKeysOwner', secret: 'special-keys-owner-secret' };
let server: OssServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-special-'));
  server = await startOssServer({ dataDir, accessKeys: [owner] });
  await server.createBucket('special-keys');
});

afterAll(async () => {
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

const client = () =>
  new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint: server.endpoint, region: 'oss-cn-hangzhou', bucket: 'special-keys', timeout: 30_000, authorizationV4: true } as OSS.Options);

describe('keys with characters XML and URLs treat specially', () => {
  const keys = ['xml/a&b<c>.txt', "xml/q'uote\".txt", 'xml/tab\tkey', 'xml/sp ace+plus%25.txt', 'xml/中文/键.txt'];

  it('puts, lists and deletes them all in one DeleteMultipleObjects, whatever ali-oss escapes', async () => {
    const oss = client();
    for (const key of keys) await oss.put(key, Buffer.from(key));
    const listed = await oss.list({ prefix: 'xml/', 'max-keys': 100 }, {});
    expect(listed.objects.map((o) => o.name).sort()).toEqual([...keys].sort());
    for (const key of keys) expect((await oss.get(key)).content.toString()).toBe(key);

    const verbose = await oss.deleteMulti(keys, { quiet: false });
    expect(verbose.deleted).toHaveLength(keys.length);
    expect((await oss.list({ prefix: 'xml/', 'max-keys': 100 }, {})).objects ?? []).toEqual([]);
  });
});

describe('CopyObject with x-oss-forbid-overwrite', () => {
  it('refuses to replace an existing target with FileAlreadyExists (409), and copies onto a new one', async () => {
    const oss = client();
    await oss.put('copy/source.txt', Buffer.from('source'));
    await oss.put('copy/target.txt', Buffer.from('target'));
    const forbid = { headers: { 'x-oss-forbid-overwrite': 'true' } } as OSS.CopyObjectOptions;
    await expect(oss.copy('copy/target.txt', 'copy/source.txt', forbid)).rejects.toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect((await oss.get('copy/target.txt')).content.toString()).toBe('target');
    await oss.copy('copy/fresh.txt', 'copy/source.txt', forbid);
    expect((await oss.get('copy/fresh.txt')).content.toString()).toBe('source');
  });
});

/** What ali-oss listBuckets really resolves to (its typings say Bucket[]). */
interface BucketPage { buckets: Array<{ name: string; region: string }> | null; isTruncated: boolean; nextMarker: string | null }
const listBuckets = async (query: Record<string, string>) => (await client().listBuckets(query as never)) as unknown as BucketPage;

describe('ListBuckets', () => {
  it('filters by prefix and pages with marker and max-keys, as ali-oss listBuckets asks', async () => {
    for (const name of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) await server.createBucket(name);
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await listBuckets({ prefix: 'page-', 'max-keys': '2', ...(marker ? { marker } : {}) });
      seen.push(...(page.buckets ?? []).map((b) => b.name));
      marker = page.isTruncated ? (page.nextMarker ?? undefined) : undefined;
      pages += 1;
    } while (marker);
    expect(seen).toEqual(['page-a', 'page-b', 'page-c', 'page-d', 'page-e']);
    expect(pages).toBe(3);
    const all = await listBuckets({});
    expect(all.isTruncated).toBe(false);
    expect(all.buckets!.map((b) => b.name)).toEqual(expect.arrayContaining(['special-keys', 'page-a']));
    expect(all.buckets!.find((b) => b.name === 'special-keys')).toMatchObject({ region: 'oss-cn-hangzhou' });
    await expect(listBuckets({ 'max-keys': '0' })).rejects.toMatchObject({ status: 400, code: 'InvalidArgument' });
  });
});

describe('CompleteMultipartUpload part sizes', () => {
  it('refuses a part under 100 KB that is not the last with EntityTooSmall, and completes once it is last', async () => {
    const oss = client();
    const { uploadId } = await oss.initMultipartUpload('parts/small.bin');
    const one = await oss.uploadPart('parts/small.bin', uploadId, 1, Buffer.alloc(10, 1), 0, 10);
    const two = await oss.uploadPart('parts/small.bin', uploadId, 2, Buffer.alloc(10, 2), 0, 10);
    await expect(oss.completeMultipartUpload('parts/small.bin', uploadId, [{ number: 1, etag: one.etag }, { number: 2, etag: two.etag }]))
      .rejects.toMatchObject({ status: 400, code: 'EntityTooSmall' });
    await oss.completeMultipartUpload('parts/small.bin', uploadId, [{ number: 1, etag: one.etag }]);
    expect((await oss.get('parts/small.bin')).content).toEqual(Buffer.alloc(10, 1));
  });
});

describe('refusals before the body is read', () => {
  it('answers a wrong-secret PUT of 8 MiB with SignatureDoesNotMatch, and the next PUT on the same connection pool succeeds', async () => {
    const body = Buffer.alloc(8 * 1024 * 1024, 7);
    const wrong = new OSS({ accessKeyId: owner.id, accessKeySecret: 'not-the-secret', endpoint: server.endpoint, region: 'oss-cn-hangzhou', bucket: 'special-keys', timeout: 30_000, authorizationV4: true } as OSS.Options);
    for (let i = 0; i < 3; i++) await expect(wrong.put('big/refused.bin', body)).rejects.toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    await expect(client().head('big/refused.bin')).rejects.toMatchObject({ status: 404 });
    const oss = client();
    for (let i = 0; i < 3; i++) await oss.put(`big/accepted-${i}.bin`, body);
    expect((await oss.get('big/accepted-2.bin')).content.equals(body)).toBe(true);
  });
});

describe('GetObject response-* overrides', () => {
  it('replaces Content-Type and Content-Disposition for one GET, in a signed URL too, without changing the object', async () => {
    const oss = client();
    await oss.put('download/report.json', Buffer.from('{"a":1}'), { mime: 'application/json' } as OSS.PutObjectOptions);
    const got = await oss.get('download/report.json', { subres: { 'response-content-type': 'text/plain', 'response-content-disposition': 'attachment; filename="r.json"' } } as unknown as OSS.GetObjectOptions);
    expect(got.res.headers).toMatchObject({ 'content-type': 'text/plain', 'content-disposition': 'attachment; filename="r.json"' });
    // sign for the public endpoint and send it here with that Host
    const signer = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, region: 'oss-cn-hangzhou', bucket: 'special-keys', authorizationV4: true } as OSS.Options);
    const url = new URL(await signer.signatureUrlV4('GET', 60, { queries: { 'response-content-disposition': 'attachment' } }, 'download/report.json'));
    const viaUrl = await new Promise<{ status: number; disposition: string | undefined; body: string }>((done, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: `${url.pathname}${url.search}`, headers: { host: url.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, disposition: res.headers['content-disposition'], body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', fail);
      req.end();
    });
    expect(viaUrl).toEqual({ status: 200, disposition: 'attachment', body: '{"a":1}' });
    expect((await oss.head('download/report.json')).res.headers).toMatchObject({ 'content-type': 'application/json' });
  });
});

describe('standard headers kept with an object', () => {
  it('returns Content-Disposition, Cache-Control and Content-Encoding given on PUT, keeps them on copy, and on multipart', async () => {
    const oss = client();
    const headers = { 'Content-Disposition': 'attachment; filename="a.json"', 'Cache-Control': 'no-cache', 'Content-Encoding': 'identity' };
    await oss.put('std/a.json', Buffer.from('[]'), { headers } as OSS.PutObjectOptions);
    const expected = { 'content-disposition': 'attachment; filename="a.json"', 'cache-control': 'no-cache', 'content-encoding': 'identity' };
    expect((await oss.head('std/a.json')).res.headers).toMatchObject(expected);
    expect((await oss.get('std/a.json')).res.headers).toMatchObject(expected);
    await oss.copy('std/b.json', 'std/a.json');
    expect((await oss.head('std/b.json')).res.headers).toMatchObject(expected);
    const { uploadId } = await oss.initMultipartUpload('std/c.json', { headers } as OSS.InitMultipartUploadOptions);
    const part = await oss.uploadPart('std/c.json', uploadId, 1, Buffer.from('[]'), 0, 2);
    await oss.completeMultipartUpload('std/c.json', uploadId, [{ number: 1, etag: part.etag }]);
    expect((await oss.head('std/c.json')).res.headers).toMatchObject(expected);
  });
});
