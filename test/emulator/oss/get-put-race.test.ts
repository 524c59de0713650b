// Issue #14 item 10: a GET racing a PUT of the same key must return one whole version — headers and body of
// the same object — never the old version's headers with the new file's bytes (seen in 62 of 1 012 GETs).
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOssServer, type OssServer } from '../../../src/emulator/oss/index.js';

const owner = { id: 'LTAIraceOwner000001', secret: 'race-owner-secret' };
let server: OssServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-oss-race-'));
  server = await startOssServer({ dataDir, accessKeys: [owner] });
  await server.createBucket('race');
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

// ali-oss keeps connections alive (agentkeepalive), as the report's GETs did.
const client = () => new OSS({ accessKeyId: owner.id, accessKeySecret: owner.secret, endpoint: server.endpoint, region: 'oss-cn-hangzhou', bucket: 'race', timeout: 30_000, authorizationV4: true } as OSS.Options);

/** Two versions that differ in size, bytes and ETag, so any mix of them shows. */
const versions = [Buffer.alloc(96 * 1024, 'a'), Buffer.alloc(160 * 1024, 'b')];
const etagOf = (body: Buffer) => `"${createHash('md5').update(body).digest('hex').toUpperCase()}"`;

describe('GetObject racing PutObject of the same key', () => {
  it('answers every GET with the headers and body of one whole version while PUTs replace it', async () => {
    const writer = client();
    await writer.put('hot.bin', versions[0]!);
    const GETS = 1_000;
    let done = 0;
    const broken: string[] = [];
    let writing = true;
    const puts = (async () => {
      for (let i = 1; writing; i++) await writer.put('hot.bin', versions[i % 2]!);
    })();
    const readers = Array.from({ length: 4 }, async () => {
      const reader = client();
      while (done < GETS) {
        try {
          const got = await reader.get('hot.bin');
          const body = got.content as Buffer;
          const headers = got.res.headers as Record<string, string>;
          const whole = versions.some((v) => v.equals(body));
          if (!whole || headers.etag !== etagOf(body) || Number(headers['content-length']) !== body.length) {
            broken.push(`etag ${headers.etag}, content-length ${headers['content-length']}, body ${body.length} bytes${whole ? '' : ' (not a version)'}`);
          }
        } catch (err) {
          broken.push(`error: ${(err as Error).message.split('\n')[0]}`);
        }
        done += 1;
      }
    });
    await Promise.all(readers);
    writing = false;
    await puts;
    expect({ gets: done >= GETS, broken: broken.slice(0, 5), brokenCount: broken.length }).toEqual({ gets: true, broken: [], brokenCount: 0 });
  });
});
