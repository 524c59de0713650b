import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import { startTestCloud } from '../support/test-cloud.js';

// `npm run smoke:cloud` is what a maintainer runs against a real account; here it runs against --profile local.
const script = fileURLToPath(new URL('../../scripts/smoke-cloud.mjs', import.meta.url));
let cloud: LocalCloud;
let home: string;
let instanceId: string;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-smoke-', alikafkaIntervalMs: 200 });
  ({ cloud, home, instanceId } = started);
  await started.alikafka.createTopic({ instanceId, topic: 'smoke-source', remark: 'smoke', partitionNum: 2, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('smoke-bucket');
});

afterAll(async () => {
  await cloud?.close();
});

describe('npm run smoke:cloud', () => {
  it('creates, deploys, tests, describes and deletes a throw-away connector, each step reported', async () => {
    const args = [script, '--profile', 'live', '--instance-id', instanceId, '--bucket', 'smoke-bucket', '--source-topic', 'smoke-source', '--access-key-id', cloud.accessKey.accessKeyId, '--timeout', '90s'];
    const env = { ...process.env, KAFKA_OSS_HOME: home, KAFKA_OSS_ACCESS_KEY_SECRET: cloud.accessKey.accessKeySecret };
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, args, { env, timeout: 300_000 }, (err, out) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout: out })),
    );
    expect(stdout).toMatch(/✔ create .* recorded smoke-/);
    expect(stdout).toMatch(/✔ deploy .* \d+ resources created or updated/);
    expect(stdout).toMatch(/✔ test .* delivered in [\d.]+ s to oss:\/\/smoke-bucket\/smoke-\w+\/smoke-source\/\d\/\d{20}\.json/);
    expect(stdout).toMatch(/✔ describe .* \d+ resources present/);
    expect(stdout).toMatch(/✔ delete .* \d+ resources deleted/);
    expect(stdout).toContain('smoke test passed (5 steps)');
    expect(stdout).not.toContain(cloud.accessKey.accessKeySecret);
    expect(code).toBe(0);
  });
});
