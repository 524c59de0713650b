// Requests signed here with node:crypto and sent by curl or node:http, not by ali-oss: the server must
// follow the OSS signing rules themselves, not only whatever ali-oss happens to send.
import { createHash, createHmac } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const owner = { id: 'LTAIhandSignedOwner1', secret: 'hand-signed-owner-secret' };
const prefixOnly = { id: 'LTAIhandSignedPrefix', secret: 'hand-signed-prefix-secret' };
const bucket = 'hand-signed';
const region = 'cn-hangzhou';
let server: OssServer;
let parentDir: string;

beforeAll(async () => {
  parentDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-hand-'));
  server = await startOssServer({
    dataDir: join(parentDir, 'data'),
    accessKeys: [
      owner,
      {
        ...prefixOnly,
        policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:PutObject', 'oss:GetObject', 'oss:DeleteObject'], Resource: [`acs:oss:*:*:${bucket}/exports/*`] }] },
      },
    ],
  });
  await server.createBucket(bucket);
});

afterAll(async () => {
  await server.close();
  await rm(parentDir, { recursive: true, force: true });
});

interface CurlResult { status: number; body: string }

async function curl(args: string[]): Promise<CurlResult> {
  const { stdout } = await promisify(execFile)('curl', ['-s', '-w', '\n%{http_code}', ...args]);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) };
}

/** RFC 3986 encoding as OSS V4 wants it: everything but unreserved characters. */
const uriEncode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The OSS V4 headers for a request, computed from the published algorithm. */
function signV4(method: string, key: string, query: Record<string, string>, headers: Record<string, string>, now = new Date(), secret = owner.secret) {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = stamp.slice(0, 8);
  const all: Record<string, string> = { ...headers, 'x-oss-date': stamp, 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD' };
  const signedNames = Object.keys(all).filter((h) => h === 'content-type' || h === 'content-md5' || h.startsWith('x-oss-')).sort();
  const canonicalRequest = [
    method,
    `/${bucket}/${uriEncode(key).replace(/%2F/g, '/')}`,
    Object.keys(query).sort().map((k) => (query[k] === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(query[k]!)}`)).join('&'),
    signedNames.map((h) => `${h}:${all[h]!.trim()}\n`).join(''),
    '',
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${day}/${region}/oss/aliyun_v4_request`;
  const stringToSign = ['OSS4-HMAC-SHA256', stamp, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`aliyun_v4${secret}`, day), region), 'oss'), 'aliyun_v4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return { ...all, authorization: `OSS4-HMAC-SHA256 Credential=${owner.id}/${scope},Signature=${signature}` };
}

const headerArgs = (headers: Record<string, string>) => Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
const url = (key: string, query = '') => `${server.endpoint}/${bucket}/${uriEncode(key).replace(/%2F/g, '/')}${query ? `?${query}` : ''}`;

function client(key: { id: string; secret: string } = owner) {
  return new OSS({ accessKeyId: key.id, accessKeySecret: key.secret, endpoint: server.endpoint, region: `oss-${region}`, bucket, timeout: 30_000, authorizationV4: true } as OSS.Options);
}

describe('V4 signatures computed outside ali-oss (curl)', () => {
  it('accepts a hand-signed V4 PUT and GET, Content-Type and metadata included', async () => {
    const key = 'v4/by curl ü.txt';
    const putHeaders = signV4('PUT', key, {}, { 'content-type': 'text/plain', 'x-oss-meta-source': 'curl' });
    const put = await curl(['-X', 'PUT', ...headerArgs(putHeaders), '--data-binary', 'signed by hand', url(key)]);
    expect(put.status).toBe(200);
    const get = await curl([...headerArgs(signV4('GET', key, {}, {})), url(key)]);
    expect(get).toEqual({ status: 200, body: 'signed by hand' });
    const head = await client().head(key);
    expect(head.meta).toEqual({ source: 'curl' });
  });

  it('signs the query string too: a hand-signed ListObjectsV2 with several parameters is accepted', async () => {
    const query = { 'list-type': '2', prefix: 'v4/', 'max-keys': '10', 'fetch-owner': 'true' };
    const qs = Object.entries(query).map(([k, v]) => `${k}=${uriEncode(v)}`).join('&');
    const listed = await curl([...headerArgs(signV4('GET', '', query, {})), `${server.endpoint}/${bucket}/?${qs}`]);
    expect(listed.status).toBe(200);
    expect(listed.body).toContain('<Key>v4/by curl ü.txt</Key>');
  });

  it('refuses a hand-signed V4 request with the wrong secret, and one dated 20 minutes ago', async () => {
    const wrong = await curl([...headerArgs(signV4('GET', 'v4/by curl ü.txt', {}, {}, new Date(), 'not-the-secret')), url('v4/by curl ü.txt')]);
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const stale = await curl([...headerArgs(signV4('GET', 'v4/by curl ü.txt', {}, {}, new Date(Date.now() - 20 * 60_000))), url('v4/by curl ü.txt')]);
    expect(stale.status).toBe(403);
    expect(stale.body).toContain('<Code>RequestTimeTooSkewed</Code>');
  });
});

describe('ListObjectsV2 options', () => {
  beforeAll(async () => {
    const oss = client();
    for (const key of ['v2/a.txt', 'v2/b c.txt', 'v2/d/1.txt', 'v2/d/2.txt', 'v2/e.txt']) await oss.put(key, Buffer.from(key));
  });

  it('starts after a key, returns owners only with fetch-owner, and URL-encodes names on request', async () => {
    const oss = client();
    const after = await oss.listV2({ prefix: 'v2/', 'start-after': 'v2/a.txt', 'max-keys': '2' } as OSS.ListV2ObjectsQuery);
    expect(after.objects.map((o) => o.name)).toEqual(['v2/b c.txt', 'v2/d/1.txt']);
    expect(after.isTruncated).toBe(true);
    expect(after.objects[0]!.owner).toBeFalsy();

    const rest = await oss.listV2({ prefix: 'v2/', 'continuation-token': after.nextContinuationToken!, 'max-keys': '10', 'fetch-owner': 'true' } as unknown as OSS.ListV2ObjectsQuery);
    expect(rest.objects.map((o) => o.name)).toEqual(['v2/d/2.txt', 'v2/e.txt']);
    expect(rest.isTruncated).toBe(false);
    expect(rest.objects[0]!.owner).toMatchObject({ id: expect.any(String) });

    const dirs = await oss.listV2({ prefix: 'v2/', delimiter: '/', 'max-keys': '10' } as OSS.ListV2ObjectsQuery);
    expect(dirs.objects.map((o) => o.name)).toEqual(['v2/a.txt', 'v2/b c.txt', 'v2/e.txt']);
    expect(dirs.prefixes).toEqual(['v2/d/']);

    // ali-oss decodes url-encoded names itself, so read the raw XML to see the encoding
    const encoded = await curl([...headerArgs(signV4('GET', '', { 'list-type': '2', prefix: 'v2/b', 'encoding-type': 'url' }, {})), `${server.endpoint}/${bucket}/?list-type=2&prefix=v2%2Fb&encoding-type=url`]);
    expect(encoded.status).toBe(200);
    expect(encoded.body).toMatch(/<Key>v2%2Fb(\+|%20)c\.txt<\/Key>/);
    expect(encoded.body).toContain('<EncodingType>url</EncodingType>');
  });

  it('refuses max-keys above 1000 naming the argument', async () => {
    await expect(client().listV2({ 'max-keys': '1001' } as OSS.ListV2ObjectsQuery)).rejects.toMatchObject({ status: 400, code: 'InvalidArgument' });
  });
});

describe('a key limited to one prefix', () => {
  it('may write, read and delete under its prefix and nowhere else', async () => {
    const limited = client(prefixOnly);
    await limited.put('exports/ok.json', Buffer.from('[]'));
    expect((await limited.get('exports/ok.json')).content.toString()).toBe('[]');
    await expect(limited.put('elsewhere.json', Buffer.from('[]'))).rejects.toMatchObject({ status: 403, code: 'AccessDenied' });
    await expect(limited.list({ 'max-keys': 10 }, {})).rejects.toMatchObject({ status: 403, code: 'AccessDenied' });
    await client().put('v2-owned.txt', Buffer.from('owner'));
    await expect(limited.deleteMulti(['exports/ok.json', 'v2-owned.txt'])).rejects.toMatchObject({ status: 403, code: 'AccessDenied' });
    expect((await client().get('v2-owned.txt')).content.toString()).toBe('owner');
    await limited.delete('exports/ok.json');
    await expect(client().head('exports/ok.json')).rejects.toMatchObject({ status: 404 });
  });
});

describe('fault injection without an action filter', () => {
  it('fails the next 3 requests of any kind with 503, and the 4th succeeds', async () => {
    const oss = client();
    await oss.put('faults/any.txt', Buffer.from('x'));
    server.faults.failNext(3, { status: 503 });
    await expect(oss.get('faults/any.txt')).rejects.toMatchObject({ status: 503 });
    await expect(oss.head('faults/any.txt')).rejects.toMatchObject({ status: 503 });
    await expect(oss.listV2({ prefix: 'faults/' } as OSS.ListV2ObjectsQuery)).rejects.toMatchObject({ status: 503 });
    expect((await oss.get('faults/any.txt')).content.toString()).toBe('x');
  });
});

describe('in-process seeding', () => {
  it('refuses a bucket name that breaks the OSS naming rules instead of creating a directory for it', async () => {
    await expect(server.createBucket('../../escaped-bucket')).rejects.toThrow(/bucket/i);
    await expect(server.createBucket('Upper_Case')).rejects.toThrow(/bucket/i);
    const around = [...(await readdir(parentDir)), ...(await readdir(join(parentDir, '..')))];
    expect(around.filter((f) => f.startsWith('escaped-bucket'))).toEqual([]);
  });
});
