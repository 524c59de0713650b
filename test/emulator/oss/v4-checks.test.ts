// Issue #14 item 12: two V4 gaps. `x-oss-content-sha256` was signed but never held against anything, so a request
// could claim one body and send another; OSS's V4 only accepts UNSIGNED-PAYLOAD there and refuses any other value
// with 400 InvalidArgument, EC 0002-00000214 (help.aliyun.com/en/oss/user-guide/0002-00000214). And presigned V4
// URLs are valid for at most 7 days (604 800 s, EC 0002-00000232, help.aliyun.com/en/oss/user-guide/0002-00000232).
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const owner = { id: 'LTAIv4ChecksOwner01', secret: 'v4-checks-owner-secret' };
const region = 'cn-hangzhou';
let server: OssServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-v4checks-'));
  server = await startOssServer({ dataDir, accessKeys: [owner] });
  await server.createBucket('v4-checks');
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** A correctly signed V4 PUT whose hashed-payload line (and header) is `payloadHash`. */
function signedPut(key: string, payloadHash: string): Record<string, string> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { 'content-type': 'text/plain', 'x-oss-content-sha256': payloadHash, 'x-oss-date': stamp };
  const canonical = ['PUT', `/v4-checks/${key}`, '', Object.keys(headers).sort().map((h) => `${h}:${headers[h]}\n`).join(''), '', payloadHash].join('\n');
  const scope = `${day}/${region}/oss/aliyun_v4_request`;
  const stringToSign = ['OSS4-HMAC-SHA256', stamp, scope, sha256(canonical)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`aliyun_v4${owner.secret}`, day), region), 'oss'), 'aliyun_v4_request');
  return { ...headers, authorization: `OSS4-HMAC-SHA256 Credential=${owner.id}/${scope},Signature=${createHmac('sha256', signingKey).update(stringToSign).digest('hex')}` };
}

function send(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const client = () => new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint: server.endpoint, region: `oss-${region}`, bucket: 'v4-checks', authorizationV4: true } as OSS.Options);

describe('x-oss-content-sha256', () => {
  it('refuses a signed PUT whose payload hash is not the body it carries, and stores nothing', async () => {
    const claimed = await send('PUT', '/v4-checks/swapped.txt', signedPut('swapped.txt', sha256('the body that was signed')), 'a different body');
    expect(claimed.status).toBe(400);
    expect(claimed.body).toContain('<Code>InvalidArgument</Code>');
    expect(claimed.body).toContain('<ArgumentName>x-oss-content-sha256</ArgumentName>');
    expect(claimed.body).toContain('<EC>0002-00000214</EC>');
    await expect(client().head('swapped.txt')).rejects.toMatchObject({ status: 404 });
  });

  it('accepts only UNSIGNED-PAYLOAD, as OSS does: the true SHA-256 of the body is refused too', async () => {
    const exact = await send('PUT', '/v4-checks/exact.txt', signedPut('exact.txt', sha256('exact body')), 'exact body');
    expect(exact.status).toBe(400);
    expect(exact.body).toContain('<EC>0002-00000214</EC>');
    const unsigned = await send('PUT', '/v4-checks/unsigned.txt', signedPut('unsigned.txt', 'UNSIGNED-PAYLOAD'), 'unsigned body');
    expect(unsigned.status).toBe(200);
    expect((await client().get('unsigned.txt')).content.toString()).toBe('unsigned body');
  });
});

describe('presigned V4 URLs', () => {
  it('accept an expiry of 7 days and refuse one second more with InvalidArgument, EC 0002-00000232', async () => {
    await client().put('shared.txt', Buffer.from('shared'));
    // sign for the public endpoint and send it here with that Host
    const signer = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, region: `oss-${region}`, bucket: 'v4-checks', authorizationV4: true } as OSS.Options);
    const week = new URL(await signer.signatureUrlV4('GET', 604_800, {}, 'shared.txt'));
    const ok = await send('GET', `${week.pathname}${week.search}`, { host: week.host });
    expect(ok).toEqual({ status: 200, body: 'shared' });
    const longer = new URL(await signer.signatureUrlV4('GET', 604_801, {}, 'shared.txt'));
    const refused = await send('GET', `${longer.pathname}${longer.search}`, { host: longer.host });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('<Code>InvalidArgument</Code>');
    expect(refused.body).toContain('<ArgumentName>x-oss-expires</ArgumentName>');
    expect(refused.body).toContain('<EC>0002-00000232</EC>');
  });
});
