// OSS no longer accepts signature V1 from new accounts (2025-03-01) nor on new buckets (2025-09-01):
// alibabacloud.com/en/notice/notice_on_the_discontinuation_of_the_oss_v1_signature_algorithm_40f; the refusal is
// 403 with EC 0002-00000080 (help.aliyun.com/en/oss/user-guide/0002-00000080). The server refuses V1 unless allowV1.
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const owner = { id: 'LTAIsignatureOwner01', secret: 'signature-owner-secret' };
let strict: OssServer;
let lenient: OssServer;
let parentDir: string;

beforeAll(async () => {
  parentDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-sigver-'));
  strict = await startOssServer({ dataDir: join(parentDir, 'strict'), accessKeys: [owner] });
  lenient = await startOssServer({ dataDir: join(parentDir, 'lenient'), accessKeys: [owner], allowV1: true });
});

afterAll(async () => {
  await Promise.all([strict?.close(), lenient?.close()]);
  await rm(parentDir, { recursive: true, force: true });
});

function client(server: OssServer, bucket: string, v4: boolean) {
  return new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint: server.endpoint, region: 'oss-cn-hangzhou', bucket, timeout: 30_000, ...(v4 ? { authorizationV4: true } : {}) } as OSS.Options);
}

function rawPut(server: OssServer, path: string, headers: Record<string, string>, body: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: 'PUT', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('signature V1 on a bucket the server created', () => {
  it('refuses a V1 PUT from ali-oss with 403 AccessDenied and EC 0002-00000080, and stores nothing', async () => {
    await client(strict, 'v4-made', true).putBucket('v4-made');
    const err = await client(strict, 'v4-made', false).put('v1.txt', Buffer.from('signed V1')).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'AccessDenied', ecCode: '0002-00000080' });
    await expect(client(strict, 'v4-made', true).head('v1.txt')).rejects.toMatchObject({ status: 404 });
    await client(strict, 'v4-made', true).put('v4.txt', Buffer.from('signed V4'));
    expect((await client(strict, 'v4-made', true).get('v4.txt')).content.toString()).toBe('signed V4');
  });

  it('refuses a hand-signed V1 header and a V1 presigned URL the same way, the EC in the body and in x-oss-ec', async () => {
    await strict.createBucket('seeded');
    const date = new Date().toUTCString();
    const signature = createHmac('sha1', owner.secret).update(`PUT\n\ntext/plain\n${date}\n/seeded/by-hand.txt`).digest('base64');
    const byHand = await rawPut(strict, '/seeded/by-hand.txt', { date, 'content-type': 'text/plain', authorization: `OSS ${owner.id}:${signature}` }, 'x');
    expect(byHand.status).toBe(403);
    expect(byHand.body).toContain('<Code>AccessDenied</Code>');
    expect(byHand.body).toContain('<EC>0002-00000080</EC>');
    expect(byHand.headers['x-oss-ec']).toBe('0002-00000080');
    const signer = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, region: 'oss-cn-hangzhou', bucket: 'seeded' } as OSS.Options);
    const url = new URL(signer.signatureUrl('by-url.txt', { method: 'PUT', expires: 600, 'Content-Type': 'text/plain' } as OSS.SignatureUrlOptions));
    const byUrl = await rawPut(strict, `${url.pathname}${url.search}`, { host: url.host, 'content-type': 'text/plain' }, 'x');
    expect(byUrl.status).toBe(403);
    expect(byUrl.body).toContain('<EC>0002-00000080</EC>');
  });

  it('accepts V1 when the server is started with allowV1, for older clients', async () => {
    await client(lenient, 'old-client', true).putBucket('old-client');
    await client(lenient, 'old-client', false).put('v1.txt', Buffer.from('signed V1'));
    expect((await client(lenient, 'old-client', false).get('v1.txt')).content.toString()).toBe('signed V1');
  });
});
