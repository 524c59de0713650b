// Issue #14 item 6: authenticated PUTs used to be buffered whole (up to 1 GiB each, any number at once). A body to
// store is streamed to disk while it is hashed, so the server's memory does not grow with the bodies in flight.
// Memory is sampled at byte counts the senders reach (a condition), not at times.
import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const owner = { id: 'LTAIstreamedBody001', secret: 'streamed-body-secret' };
const region = 'cn-hangzhou';
let server: OssServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-streamed-'));
  server = await startOssServer({ dataDir, accessKeys: [owner] });
  await server.createBucket('streamed');
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** V4 headers for a PUT of `key` in the bucket (the body is unsigned, as ali-oss sends it). */
function signedPut(key: string, contentLength: number): Record<string, string> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'x-oss-content-sha256': 'UNSIGNED-PAYLOAD', 'x-oss-date': stamp };
  const canonical = ['PUT', `/streamed/${key}`, '', Object.keys(headers).sort().map((h) => `${h}:${headers[h]}\n`).join(''), '', 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${day}/${region}/oss/aliyun_v4_request`;
  const stringToSign = ['OSS4-HMAC-SHA256', stamp, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`aliyun_v4${owner.secret}`, day), region), 'oss'), 'aliyun_v4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return { ...headers, 'content-length': String(contentLength), authorization: `OSS4-HMAC-SHA256 Credential=${owner.id}/${scope},Signature=${signature}` };
}

/** PUTs `total` bytes of one repeated 1 MiB block, writing only as fast as the server takes them; `each` after every MiB. */
function streamingPut(key: string, total: number, block: Buffer, each: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: `/streamed/${key}`, method: 'PUT', headers: signedPut(key, total) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += block.length;
        each();
        if (!req.write(block)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

describe('a large PUT body', () => {
  it('streams to disk: three 192 MiB PUTs at once leave memory flat, and the objects are whole', async () => {
    const block = Buffer.alloc(MiB);
    for (let i = 0; i < block.length; i += 4) block.writeUInt32BE(i, i);
    const total = 192 * MiB;
    const baseline = process.memoryUsage();
    let peakExternal = 0;
    let peakRss = 0;
    const sample = () => {
      const now = process.memoryUsage();
      peakExternal = Math.max(peakExternal, now.arrayBuffers - baseline.arrayBuffers);
      peakRss = Math.max(peakRss, now.rss - baseline.rss);
    };
    const statuses = await Promise.all(['a', 'b', 'c'].map((k) => streamingPut(`big-${k}.bin`, total, block, sample)));
    expect(statuses).toEqual([200, 200, 200]);
    // 576 MiB went through; buffered whole, the bodies alone would have held all of it at once.
    const peakMiB = { external: Math.round(peakExternal / MiB), rss: Math.round(peakRss / MiB) };
    expect(peakMiB.external, `peak growth of Buffer memory (MiB), ${JSON.stringify(peakMiB)}`).toBeLessThan(128);
    expect(peakMiB.rss, `peak growth of RSS (MiB), ${JSON.stringify(peakMiB)}`).toBeLessThan(192);
    const oss = new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint: server.endpoint, region: `oss-${region}`, bucket: 'streamed', authorizationV4: true } as OSS.Options);
    const md5 = createHash('md5');
    for (let sent = 0; sent < total; sent += block.length) md5.update(block);
    const head = await oss.head('big-b.bin');
    expect((head.res.headers as Record<string, string>)['content-length']).toBe(String(total));
    expect((head.res.headers as Record<string, string>).etag).toBe(`"${md5.digest('hex').toUpperCase()}"`);
    expect(await readdir(join(dataDir, 'staging'))).toEqual([]);
  });
});
