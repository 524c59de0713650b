// `kafka-oss local up` refuses OSS signature V1 as OSS does for new buckets, and `--oss-allow-v1` accepts it
// for older clients. Spawns the built CLI: run `npm run build` first.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../../bin/kafka-oss.js', import.meta.url).pathname;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'kafka-oss-local-up-v1-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

interface Description { accessKeyId: string; accessKeySecret: string; oss: { endpoint: string } }

/** Runs `local up` on free ports, calls `use` with its description, then stops it with SIGTERM. */
async function withLocalUp(flags: string[], use: (d: Description) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(home, 'data-'));
  const args = [BIN, '--output', 'json', 'local', 'up', '--data-dir', dataDir, '--kafka-port', '0', '--oss-port', '0', '--api-port', '0', '--no-save-profile', ...flags];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KAFKA_OSS_HOME: home } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      void exit.then((code) => reject(new Error(`local up exited with ${code}: ${stderr}`)));
    });
    await use(JSON.parse(first) as Description);
  } finally {
    child.kill('SIGTERM');
    await exit;
  }
}

const client = (d: Description, v4: boolean) =>
  new OSS({ accessKeyId: d.accessKeyId, accessKeySecret: d.accessKeySecret, endpoint: d.oss.endpoint, region: 'oss-cn-hangzhou', bucket: 'older-client', timeout: 30_000, ...(v4 ? { authorizationV4: true } : {}) } as OSS.Options);

describe('kafka-oss local up and OSS signature V1', () => {
  it('refuses a V1 PUT by default with EC 0002-00000080, and accepts it with --oss-allow-v1', async () => {
    await withLocalUp([], async (d) => {
      await client(d, true).putBucket('older-client');
      await expect(client(d, false).put('v1.txt', Buffer.from('v1'))).rejects.toMatchObject({ status: 403, ecCode: '0002-00000080' });
    });
    await withLocalUp(['--oss-allow-v1'], async (d) => {
      await client(d, true).putBucket('older-client');
      await client(d, false).put('v1.txt', Buffer.from('v1'));
      expect((await client(d, false).get('v1.txt')).content.toString()).toBe('v1');
    });
  });
});
