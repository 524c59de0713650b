import { createHash, createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const full = { id: 'LTAIossFullAccess01', secret: 'oss-full-secret-0001' };
const readOnly = { id: 'LTAIossReadOnly001', secret: 'oss-read-secret-0001' };
let server: OssServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-'));
  // The V1 cases (ali-oss with V1, curl, hand-signed keys) sign V1 on purpose: this server accepts it.
  server = await startOssServer({
    dataDir,
    allowV1: true,
    accessKeys: [full, { ...readOnly, policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:GetObject', 'oss:ListObjects'], Resource: '*' }] } }],
  });
  await server.createBucket('demo-bucket');
});

afterAll(async () => {
  await server.close();
});

function client(key: { id: string; secret: string }, opts: { v4?: boolean; bucket?: string } = {}) {
  return new OSS({
    accessKeyId: key.id, accessKeySecret: key.secret, endpoint: server.endpoint, region: 'oss-cn-hangzhou', bucket: opts.bucket ?? 'demo-bucket',
    ...(opts.v4 ? { authorizationV4: true } : {}), timeout: 60_000,
  } as OSS.Options);
}

describe.each([['V1', false], ['V4', true]])('ali-oss against the local OSS server, signature %s', (_label, v4) => {
  it('puts, gets, range-gets, heads, copies and deletes objects', async () => {
    const oss = client(full, { v4 });
    const key = `objects-${v4 ? 'v4' : 'v1'}/hello world ü.json`;
    const put = await oss.put(key, Buffer.from('{"hello":"world"}'), { headers: { 'x-oss-meta-origin': 'test' }, mime: 'application/json' } as OSS.PutObjectOptions);
    expect(put.res.status).toBe(200);
    expect((await oss.get(key)).content.toString()).toBe('{"hello":"world"}');
    const range = await oss.get(key, { headers: { Range: 'bytes=2-6' } } as OSS.GetObjectOptions);
    expect(range.res.status).toBe(206);
    expect(range.content.toString()).toBe('hello');
    const head = await oss.head(key);
    expect(head.meta).toEqual({ origin: 'test' });
    expect((head.res.headers as Record<string, string>)['content-type']).toBe('application/json');
    await oss.copy(`${key}.copy`, key);
    expect((await oss.get(`${key}.copy`)).content.toString()).toBe('{"hello":"world"}');
    await oss.delete(key);
    await expect(oss.get(key)).rejects.toMatchObject({ status: 404, code: 'NoSuchKey' });
    const multi = await oss.deleteMulti([`${key}.copy`, 'never-existed'], { quiet: false });
    const deleted = (multi.deleted ?? []) as unknown as Array<string | { Key: string }>;
    expect(deleted.map((d) => (typeof d === 'string' ? d : d.Key))).toContain(`${key}.copy`);
  });

  it('reports bucket info', async () => {
    const info = await client(full, { v4 }).getBucketInfo('demo-bucket');
    expect(info.bucket).toMatchObject({ Name: 'demo-bucket', Location: 'oss-cn-hangzhou' });
  });
});

describe('listing', () => {
  it('paginates ListObjectsV2 and ListObjects over 10 000 keys, with delimiters and owners', async () => {
    const oss = client(full);
    await Promise.all(Array.from({ length: 10 }, async (_, w) => {
      for (let i = w; i < 10_000; i += 10) await oss.put(`many/${String(i).padStart(5, '0')}.txt`, Buffer.from(String(i)));
    }));
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await oss.listV2({ prefix: 'many/', 'max-keys': '1000', ...(token ? { 'continuation-token': token } : {}) } as OSS.ListV2ObjectsQuery);
      seen.push(...(page.objects ?? []).map((o) => o.name));
      token = page.nextContinuationToken ?? undefined;
    } while (token);
    expect(seen).toHaveLength(10_000);
    expect(seen[0]).toBe('many/00000.txt');
    expect(seen[9999]).toBe('many/09999.txt');
    expect(new Set(seen).size).toBe(10_000);

    const v1 = await oss.list({ prefix: 'many/', 'max-keys': 3, marker: 'many/00010.txt' }, {});
    expect(v1.objects.map((o) => o.name)).toEqual(['many/00011.txt', 'many/00012.txt', 'many/00013.txt']);
    expect(v1.objects[0]!.owner).toMatchObject({ id: expect.any(String) });
    expect(v1.nextMarker).toBe('many/00013.txt');

    const dirs = await oss.list({ delimiter: '/', 'max-keys': 100 }, {});
    expect(dirs.prefixes).toContain('many/');
  });
});

describe('multipart', () => {
  it('uploads a 20 MiB object in parts', async () => {
    const body = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4096) body.writeUInt32BE(i, i);
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-mp-'));
    const file = join(dir, 'big.bin');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, body);
    const oss = client(full, { v4: true });
    await oss.multipartUpload('big/object.bin', file, { partSize: 5 * 1024 * 1024 });
    const back = await oss.get('big/object.bin');
    expect(createHash('md5').update(back.content).digest('hex')).toBe(createHash('md5').update(body).digest('hex'));
    expect((await oss.head('big/object.bin')).res.headers).toMatchObject({ etag: expect.stringMatching(/-4"$/) });
  });
});

describe('authentication and authorisation', () => {
  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    await expect(client({ id: full.id, secret: 'wrong' }).get('x')).rejects.toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
    await expect(client({ id: full.id, secret: 'wrong' }, { v4: true }).get('x')).rejects.toMatchObject({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('refuses a skewed clock with RequestTimeTooSkewed', async () => {
    const oss = client(full);
    // ali-oss corrects its clock by the server's; pretend ours runs an hour ahead.
    (oss as unknown as { options: { amendTimeSkewed: number } }).options.amendTimeSkewed = 3_600_000;
    await expect(oss.get('x')).rejects.toMatchObject({ status: 403, code: 'RequestTimeTooSkewed' });
  });

  it('gives a key limited to GetObject AccessDenied on PutObject, as OSS would', async () => {
    await expect(client(readOnly).put('denied.txt', Buffer.from('x'))).rejects.toMatchObject({ status: 403, code: 'AccessDenied' });
    await client(full).put('allowed.txt', Buffer.from('x'));
    expect((await client(readOnly).get('allowed.txt')).content.toString()).toBe('x');
  });

  it('answers an existing key with forbid-overwrite with FileAlreadyExists (409)', async () => {
    const oss = client(full);
    await oss.put('once.txt', Buffer.from('1'));
    await expect(oss.put('once.txt', Buffer.from('2'), { headers: { 'x-oss-forbid-overwrite': 'true' } } as OSS.PutObjectOptions)).rejects.toMatchObject({ status: 409, code: 'FileAlreadyExists' });
    expect((await oss.get('once.txt')).content.toString()).toBe('1');
  });

  it('refuses anonymous requests', async () => {
    const res = await fetch(`${server.endpoint}/demo-bucket/allowed.txt`);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('accepts a V1 request signed by code that is not ali-oss (curl)', async () => {
    const date = new Date().toUTCString();
    const stringToSign = `PUT\n\ntext/plain\n${date}\n/demo-bucket/from-curl.txt`;
    const signature = createHmac('sha1', full.secret).update(stringToSign).digest('base64');
    const { stdout } = await promisify(execFile)('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PUT', '-H', `Date: ${date}`, '-H', 'Content-Type: text/plain',
      '-H', `Authorization: OSS ${full.id}:${signature}`, '--data-binary', 'from curl', `${server.endpoint}/demo-bucket/from-curl.txt`]);
    expect(stdout).toBe('200');
    expect((await client(full).get('from-curl.txt')).content.toString()).toBe('from curl');
  });
});

describe('storage', () => {
  it('keeps path-traversal keys inside the data directory', async () => {
    // HTTP clients (ali-oss included) normalise "..", so these keys go out raw, signed by hand.
    const keys = ['../../escape.txt', '..%2f..%2fescape2.txt', 'a/../../b.txt', '/../escape3.txt', 'back\\..\\..\\escape4.txt'];
    for (const key of keys) {
      const date = new Date().toUTCString();
      const signature = createHmac('sha1', full.secret).update(`PUT\n\ntext/plain\n${date}\n/demo-bucket/${decodeURIComponent(key)}`).digest('base64');
      const status = await new Promise<number>((done, fail) => {
        const req = request({ host: '127.0.0.1', port: server.port, path: `/demo-bucket/${key}`, method: 'PUT', headers: { date, 'content-type': 'text/plain', authorization: `OSS ${full.id}:${signature}` } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        });
        req.on('error', fail);
        req.end('trapped');
      });
      expect(status).toBe(200);
    }
    const outside = await readdir(resolve(dataDir, '..'));
    expect(outside.filter((f) => f.startsWith('escape') || f === 'b.txt')).toEqual([]);
    const stored = await readdir(join(dataDir, 'buckets', 'demo-bucket', 'objects'));
    expect(stored.every((f) => /^[0-9a-f]{64}$/.test(f))).toBe(true);
    const listed = await client(full).list({ prefix: '', 'max-keys': 1000 }, {});
    expect(listed.objects.map((o) => o.name)).toEqual(expect.arrayContaining(['../../escape.txt', 'a/../../b.txt']));
  });

  it('fails the next requests on demand, then recovers', async () => {
    const oss = client(full);
    server.faults.failNext(3, { status: 503, action: 'PutObject' });
    for (let i = 0; i < 3; i++) await expect(oss.put('flaky.txt', Buffer.from('x'))).rejects.toMatchObject({ status: 503 });
    await expect(oss.put('flaky.txt', Buffer.from('x'))).resolves.toMatchObject({ res: { status: 200 } });
  });
});
