import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, startLocalUp, type LocalUpDescription } from '../support/cli.js';
import { kcat } from '../support/test-kafka.js';

// `kafka-oss local up`, the built CLI: what it prints, what it serves, how it stops.
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'kafka-oss-local-up-'));
});

const env = () => ({ KAFKA_OSS_HOME: join(home, '.kafka-oss') });

describe('kafka-oss local up', () => {
  it('prints one JSON object once ready, serves kcat, and exits 0 on SIGTERM with nothing more printed', async () => {
    const dataDir = await mkdtemp(join(home, 'data-'));
    const up = await startLocalUp(['--data-dir', dataDir, '--no-save-profile'], env());
    expect(up.description.regionId).toBe('cn-hangzhou');
    expect(up.description.dataDir).toBe(dataDir);
    expect(up.description.kafka.bootstrapServers).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await kcat(['-b', up.description.kafka.bootstrapServers, '-L'])).toString()).toContain('1 brokers');
    expect(await up.stop()).toBe(0);
    expect(up.process.stdout().trim().split('\n')).toHaveLength(1);
  });

  it('rejects a bad port and an empty host with exit 2, naming each flag and value', async () => {
    const bad = await runCli(['local', 'up', '--data-dir', join(home, 'bad'), '--kafka-port', '70000', '--host', ''], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kafka-port must be an integer from 0 to 65535, got "70000"');
    expect(bad.stderr).toContain('--host must be an address to listen on, got ""');
  });

  describe('and OSS signature V1', () => {
    const client = (d: LocalUpDescription, v4: boolean) =>
      new OSS({ accessKeyId: d.accessKeyId, accessKeySecret: d.accessKeySecret, endpoint: d.oss.endpoint, region: 'oss-cn-hangzhou', bucket: 'older-client', timeout: 30_000, ...(v4 ? { authorizationV4: true } : {}) } as OSS.Options);

    it('refuses a V1 PUT by default with EC 0002-00000080, as OSS does for new buckets', async () => {
      const up = await startLocalUp(['--data-dir', await mkdtemp(join(home, 'data-')), '--no-save-profile'], env());
      try {
        await client(up.description, true).putBucket('older-client');
        await expect(client(up.description, false).put('v1.txt', Buffer.from('v1'))).rejects.toMatchObject({ status: 403, ecCode: '0002-00000080' });
      } finally {
        await up.stop();
      }
    });

    it('accepts V1 with --oss-allow-v1, for older clients', async () => {
      const up = await startLocalUp(['--data-dir', await mkdtemp(join(home, 'data-')), '--no-save-profile', '--oss-allow-v1'], env());
      try {
        await client(up.description, true).putBucket('older-client');
        await client(up.description, false).put('v1.txt', Buffer.from('v1'));
        expect((await client(up.description, false).get('v1.txt')).content.toString()).toBe('v1');
      } finally {
        await up.stop();
      }
    });
  });
});
