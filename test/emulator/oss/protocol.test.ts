import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const owner = { id: 'LTAIprotocolOwner01', secret: 'protocol-owner-secret' };
let server: OssServer;

beforeAll(async () => {
  // Several cases sign V1 by hand or presign V1 URLs on purpose: this server accepts it.
  server = await startOssServer({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-oss-protocol-')), accessKeys: [owner], allowV1: true });
  await server.createBucket('proto-bucket');
});

afterAll(async () => {
  await server.close();
});

function client(key: { id: string; secret: string } = owner, bucket = 'proto-bucket') {
  return new OSS({ accessKeyId: key.id, accessKeySecret: key.secret, endpoint: server.endpoint, region: 'oss-cn-hangzhou', bucket, timeout: 30_000 } as OSS.Options);
}

interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function raw(method: string, path: string, headers: Record<string, string>, body = ''): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

function signV1(method: string, resource: string, headers: Record<string, string>): Record<string, string> {
  const date = new Date().toUTCString();
  const stringToSign = [method, headers['content-md5'] ?? '', headers['content-type'] ?? '', date, resource].join('\n');
  return { ...headers, date, authorization: `OSS ${owner.id}:${createHmac('sha1', owner.secret).update(stringToSign).digest('base64')}` };
}

describe('OSS protocol details', () => {
  it('answers errors as OSS does: XML body, status, x-oss-request-id, Server and Date headers', async () => {
    const res = await raw('GET', '/proto-bucket/absent.txt', signV1('GET', '/proto-bucket/absent.txt', {}));
    expect(res.status).toBe(404);
    expect(res.body).toMatch(/<Error>\s*<Code>NoSuchKey<\/Code>\s*<Message>[^<]+<\/Message>\s*<RequestId>[0-9A-F]+<\/RequestId>\s*<HostId>/);
    expect(res.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);
    expect(res.headers.server).toBe('AliyunOSS');
    expect(res.headers.date).toBeTruthy();
    await expect(client(owner, 'no-such-bucket').get('x')).rejects.toMatchObject({ status: 404, code: 'NoSuchBucket' });
    await expect(client().putBucket('proto-bucket')).rejects.toMatchObject({ status: 409, code: 'BucketAlreadyExists' });
  });

  it('takes the bucket from a virtual-hosted Host, and none from the bare service Host', async () => {
    await client().put('hosted.txt', Buffer.from('by host'));
    const hosted = await raw('GET', '/hosted.txt', { ...signV1('GET', '/proto-bucket/hosted.txt', {}), host: 'proto-bucket.oss-cn-hangzhou.aliyuncs.com' });
    expect(hosted.body).toBe('by host');
    const regionStyle = await raw('GET', '/hosted.txt', { ...signV1('GET', '/proto-bucket/hosted.txt', {}), host: 'proto-bucket.cn-hangzhou.aliyuncs.com' });
    expect(regionStyle.body).toBe('by host');
    const service = await raw('GET', '/', { ...signV1('GET', '/', {}), host: 'oss-cn-hangzhou.aliyuncs.com' });
    expect(service.status).toBe(200);
    expect(service.body).toContain('<Name>proto-bucket</Name>');
  });

  it('answers malformed percent-encoding in path or query with 400 InvalidURI, and keeps serving', async () => {
    for (const path of ['/proto-bucket/%E0%A4%A', '/proto-bucket/?prefix=%ZZ']) {
      const res = await raw('GET', path, {});
      expect(res.status).toBe(400);
      expect(res.body).toContain('<Code>InvalidURI</Code>');
    }
    const copy = await raw('PUT', '/proto-bucket/copy.txt', signV1('PUT', '/proto-bucket/copy.txt', {}), '');
    expect(copy.status).toBe(200);
    await expect(client().head('copy.txt')).resolves.toMatchObject({ status: 200 });
  });

  it('refuses an unknown AccessKey ID with InvalidAccessKeyId, and accepts one added at runtime', async () => {
    const later = { id: 'LTAIaddedAtRuntime1', secret: 'added-later-secret' };
    await expect(client(later).list({ 'max-keys': 1 }, {})).rejects.toMatchObject({ status: 403, code: 'InvalidAccessKeyId' });
    server.addAccessKey({ ...later, policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:List*'], Resource: ['acs:oss:*:*:proto-bucket'] }] } });
    await expect(client(later).list({ 'max-keys': 1 }, {})).resolves.toMatchObject({ res: { status: 200 } });
    await expect(client(later).put('by-later.txt', Buffer.from('x'))).rejects.toMatchObject({ status: 403, code: 'AccessDenied' });
  });

  it('checks Content-MD5: malformed gives InvalidDigest, mismatching gives BadDigest', async () => {
    const malformed = await raw('PUT', '/proto-bucket/md5.txt', signV1('PUT', '/proto-bucket/md5.txt', { 'content-md5': 'not-an-md5' }), 'body');
    expect(malformed.body).toContain('<Code>InvalidDigest</Code>');
    const otherMd5 = createHash('md5').update('other body').digest('base64');
    const mismatched = await raw('PUT', '/proto-bucket/md5.txt', signV1('PUT', '/proto-bucket/md5.txt', { 'content-md5': otherMd5 }), 'body');
    expect(mismatched.status).toBe(400);
    expect(mismatched.body).toContain('<Code>BadDigest</Code>');
    const rightMd5 = createHash('md5').update('body').digest('base64');
    const accepted = await raw('PUT', '/proto-bucket/md5.txt', signV1('PUT', '/proto-bucket/md5.txt', { 'content-md5': rightMd5 }), 'body');
    expect(accepted.status).toBe(200);
    expect(accepted.headers.etag).toBe(`"${createHash('md5').update('body').digest('hex').toUpperCase()}"`);
  });

  it('answers an unsatisfiable range with 416 InvalidRange', async () => {
    await client().put('short.txt', Buffer.from('0123456789'));
    await expect(client().get('short.txt', { headers: { Range: 'bytes=50-60' } } as OSS.GetObjectOptions)).rejects.toMatchObject({ status: 416, code: 'InvalidRange' });
    const tail = await client().get('short.txt', { headers: { Range: 'bytes=-3' } } as OSS.GetObjectOptions);
    expect(tail.content.toString()).toBe('789');
    expect((tail.res.headers as Record<string, string>)['content-range']).toBe('bytes 7-9/10');
  });

  it('accepts a V1 presigned URL made by ali-oss signatureUrl, and refuses it once expired', async () => {
    await client().put('shared.txt', Buffer.from('presigned'));
    // signatureUrl will not sign for an IP endpoint, so sign for the public one and send it here with its Host.
    const signer = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, region: 'oss-cn-hangzhou', bucket: 'proto-bucket' } as OSS.Options);
    const url = new URL(signer.signatureUrl('shared.txt', { expires: 600 }));
    const ok = await raw('GET', `${url.pathname}${url.search}`, { host: url.host });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('presigned');
    url.searchParams.set('Signature', 'AAAA' + (url.searchParams.get('Signature') ?? '').slice(4));
    expect((await raw('GET', `${url.pathname}${url.search}`, { host: url.host })).body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const expired = new URL(signer.signatureUrl('shared.txt', { expires: -10 }));
    const refused = await raw('GET', `${expired.pathname}${expired.search}`, { host: expired.host });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<Code>AccessDenied</Code>');
  });

  it('accepts a V4 presigned URL made by ali-oss signatureUrlV4, and refuses a tampered or expired one', async () => {
    await client().put('shared-v4.txt', Buffer.from('presigned v4'));
    const signer = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, region: 'oss-cn-hangzhou', bucket: 'proto-bucket', authorizationV4: true } as OSS.Options);
    const url = new URL(await signer.signatureUrlV4('GET', 600, {}, 'shared-v4.txt'));
    const ok = await raw('GET', `${url.pathname}${url.search}`, { host: url.host });
    expect(ok.status).toBe(200);
    expect(ok.body).toBe('presigned v4');
    const tampered = new URL(url);
    tampered.searchParams.set('x-oss-expires', '601');
    expect((await raw('GET', `${tampered.pathname}${tampered.search}`, { host: url.host })).body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const expired = new URL(url);
    expired.searchParams.set('x-oss-date', '20200101T000000Z');
    const refused = await raw('GET', `${expired.pathname}${expired.search}`, { host: url.host });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<Code>AccessDenied</Code>');
  });

  it('pages ListObjects with a delimiter without repeating a common prefix', async () => {
    const oss = client();
    for (const key of ['tree/a/1', 'tree/a/2', 'tree/b/1', 'tree/c.txt', 'tree/d/1']) await oss.put(key, Buffer.from(key));
    const seen: string[] = [];
    let marker = '';
    for (let page = 0; page < 10; page++) {
      const res = await oss.list({ prefix: 'tree/', delimiter: '/', 'max-keys': 1, marker }, {});
      seen.push(...(res.prefixes ?? []), ...(res.objects ?? []).map((o) => o.name));
      if (!res.isTruncated) break;
      marker = res.nextMarker!;
    }
    expect(seen).toEqual(['tree/a/', 'tree/b/', 'tree/c.txt', 'tree/d/']);
    await oss.delete('tree/b/1');
    expect((await oss.list({ prefix: 'tree/', delimiter: '/', 'max-keys': 100 }, {})).prefixes).toEqual(['tree/a/', 'tree/d/']);
    await expect(oss.put(`tree/${'k'.repeat(1020)}`, Buffer.from('x'))).rejects.toMatchObject({ status: 400, code: 'InvalidObjectName' });
    const encoded = await oss.list({ prefix: 'tree/c', 'encoding-type': 'url' } as OSS.ListObjectsQuery, {});
    // ali-oss hands url-encoded names back as they came
    expect(encoded.objects.map((o) => o.name)).toEqual(['tree%2Fc.txt']);
  });

  it('lists and aborts a multipart upload, and rejects parts out of order', async () => {
    const oss = client();
    const { uploadId } = await oss.initMultipartUpload('parts/object.bin');
    const one = await oss.uploadPart('parts/object.bin', uploadId, 1, Buffer.alloc(100 * 1024, 1), 0, 100 * 1024);
    const two = await oss.uploadPart('parts/object.bin', uploadId, 2, Buffer.alloc(10, 2), 0, 10);
    const listed = await oss.listParts('parts/object.bin', uploadId, {} as OSS.ListPartsQuery);
    expect(listed.parts.map((p) => Number(p.PartNumber))).toEqual([1, 2]);
    // ali-oss sorts the list itself, so the out-of-order list goes out raw
    const resource = `/proto-bucket/parts/object.bin?uploadId=${uploadId}`;
    const xml = `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${two.etag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>${one.etag}</ETag></Part></CompleteMultipartUpload>`;
    const outOfOrder = await raw('POST', resource, signV1('POST', resource, { 'content-type': 'application/xml' }), xml);
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.body).toContain('<Code>InvalidPartOrder</Code>');
    await expect(oss.completeMultipartUpload('parts/object.bin', uploadId, [{ number: 1, etag: '"00000000000000000000000000000000"' }]))
      .rejects.toMatchObject({ status: 400, code: 'InvalidPart' });
    await oss.abortMultipartUpload('parts/object.bin', uploadId);
    await expect(oss.listParts('parts/object.bin', uploadId, {} as OSS.ListPartsQuery)).rejects.toMatchObject({ status: 404, code: 'NoSuchUpload' });
    await expect(oss.head('parts/object.bin')).rejects.toMatchObject({ status: 404 });
  });

  it('stalls the next request of an action on demand', async () => {
    server.faults.stallNext(1, { ms: 400, action: 'HeadObject' });
    const stalled = client();
    (stalled as unknown as { options: { timeout: number } }).options.timeout = 100;
    await expect(stalled.head('short.txt')).rejects.toMatchObject({ name: expect.stringMatching(/Timeout/i) });
    await expect(client().head('short.txt')).resolves.toMatchObject({ status: 200 });
  });

  it('creates, describes and deletes buckets, refusing to delete a non-empty one', async () => {
    const oss = client();
    await oss.putBucket('made-by-client');
    expect(((await oss.listBuckets({})) as unknown as { buckets: Array<{ name: string }> }).buckets.map((b) => b.name)).toEqual(expect.arrayContaining(['made-by-client', 'proto-bucket']));
    expect(await client(owner, 'made-by-client').getBucketLocation('made-by-client')).toMatchObject({ location: 'oss-cn-hangzhou' });
    await expect(oss.deleteBucket('proto-bucket')).rejects.toMatchObject({ status: 409, code: 'BucketNotEmpty' });
    await oss.deleteBucket('made-by-client');
    await expect(client(owner, 'made-by-client').getBucketInfo('made-by-client')).rejects.toMatchObject({ status: 404, code: 'NoSuchBucket' });
  });
});

describe('options', () => {
  it('rejects a malformed access key naming the field, never echoing the secret', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-options-'));
    await expect(startOssServer({ dataDir, accessKeys: [{ id: 'bad id!', secret: 'TopSecretValue' }] })).rejects.toThrow('accessKeys[0].id must be');
    const empty = startOssServer({ dataDir, accessKeys: [{ id: 'LTAIok', secret: '' }] });
    await expect(empty).rejects.toThrow('accessKeys[0].secret must be a non-empty string');
    expect(() => server.addAccessKey({ id: 'LTAIbadPolicy', secret: 'TopSecretValue', policy: { Version: '1', Statement: [] } }))
      .toThrow(/^(?!.*TopSecretValue).*accessKey\.policy\.Statement must be a non-empty array/);
  });
});

describe('persistence', () => {
  it('serves and lists the same objects after a restart on the same data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-restart-'));
    const first = await startOssServer({ dataDir, accessKeys: [owner] });
    await first.createBucket('kept-bucket');
    const before = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint: first.endpoint, region: 'oss-cn-hangzhou', bucket: 'kept-bucket', authorizationV4: true } as OSS.Options);
    await before.put('b.txt', Buffer.from('bee'), { headers: { 'x-oss-meta-kept': 'yes' } } as OSS.PutObjectOptions);
    await before.put('a.txt', Buffer.from('ay'));
    await first.close();

    const second = await startOssServer({ dataDir, accessKeys: [owner] });
    try {
      const after = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint: second.endpoint, region: 'oss-cn-hangzhou', bucket: 'kept-bucket', authorizationV4: true } as OSS.Options);
      expect((await after.list({ 'max-keys': 10 }, {})).objects.map((o) => o.name)).toEqual(['a.txt', 'b.txt']);
      expect((await after.get('b.txt')).content.toString()).toBe('bee');
      expect((await after.head('b.txt')).meta).toEqual({ kept: 'yes' });
    } finally {
      await second.close();
    }
  });
});
