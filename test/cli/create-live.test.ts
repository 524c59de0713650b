import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { runCli } from '../support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import { startTestCloud } from '../support/test-cloud.js';
import { CONNECTOR_TAG_KEY } from '../../src/definition/record.js';
import { catalogFor } from '../../src/cloud/catalog-sdk.js';
import type { CloudCatalog } from '../../src/definition/catalog.js';

// `create` without --offline: the live rules checked through the SDK catalog against the local cloud.
const SECRET_ENV = 'KAFKA_OSS_ACCESS_KEY_SECRET';
let cloud: LocalCloud;
let home: string;
let instanceId: string;
let catalog: CloudCatalog;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-create-live-', alikafkaIntervalMs: 300 });
  ({ cloud, home, instanceId } = started);
  catalog = catalogFor(started.target);
  const alikafka = started.alikafka;
  await alikafka.createTopic({ instanceId, topic: 'orders', remark: 'orders', partitionNum: 3, localTopic: false, compactTopic: false });
  // Internal topics for manual mode: all fine except the config topic, which has 2 partitions.
  for (const [topic, partitionNum, compactTopic] of [
    ['my-offset', 12, true], ['my-config', 2, true], ['my-status', 6, true], ['my-error', 6, false],
  ] as const) {
    await alikafka.createTopic({ instanceId, topic, remark: topic, partitionNum, localTopic: true, compactTopic });
  }
  await alikafka.createConsumerGroup(instanceId, 'connect-taken', { remark: 'somebody else' });
  await alikafka.createConsumerGroup(instanceId, 'connect-recorded', { remark: 'a connector', tags: { [CONNECTOR_TAG_KEY]: 'recorded' } });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('live-bucket');
});

afterAll(async () => {
  await cloud?.close();
});

const run = (args: string[], cwd: string) =>
  runCli(['create', '--profile', 'live', ...args], { cwd, env: { CI: 'true', KAFKA_OSS_HOME: home, [SECRET_ENV]: cloud.accessKey.accessKeySecret }, timeoutMs: 60_000 });

const flags = (name: string, overrides: Record<string, string> = {}): string[] =>
  Object.entries({ '--name': name, '--source-topic': 'orders', '--bucket': 'live-bucket', '--access-key-id': cloud.accessKey.accessKeyId, ...overrides })
    .flatMap(([flag, value]) => [flag, value]);

describe('create against the local cloud', () => {
  it('accepts a definition the cloud can host and takes the region\'s only instance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-live-ok-'));
    const result = await run(flags('fresh'), dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = JSON.parse(await readFile(join(dir, 'kafka-oss.fresh.json'), 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ name: 'fresh', instanceId, sourceTopic: 'orders', bucket: 'live-bucket', regionId: cloud.description.regionId });
    // Without a TTY nothing is asked and nothing is deployed: the next step is printed, no connector recorded.
    expect(result.stdout).toBe('Connector recorded in kafka-oss.fresh.json\nNext: kafka-oss deploy fresh\n');
    expect((await catalog.listConnectors(instanceId)).map((c) => c.name)).not.toContain('fresh');
  });

  it('reports a missing source topic, a missing bucket and a foreign connect-<name> group at once, and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-live-bad-'));
    const result = await run(flags('taken', { '--source-topic': 'no-such-topic', '--bucket': 'no-such-bucket' }), dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--source-topic (Source topic): must be an existing topic');
    expect(result.stderr).toContain('"no-such-topic"');
    expect(result.stderr).toContain('--bucket (Bucket): must be an existing OSS bucket (got "no-such-bucket")');
    expect(result.stderr).toContain('--name (Connector name): must be unique in the instance; consumer group "connect-taken" already exists');
    expect(result.stderr).not.toContain(cloud.accessKey.accessKeySecret);
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports the cloud\'s refusals in Chinese with --lang zh', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-live-zh-'));
    const result = await run([...flags('taken', { '--source-topic': 'no-such-topic', '--bucket': 'no-such-bucket' }), '--lang', 'zh'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--source-topic（数据源Topic）：须为实例 ${instanceId} 中已有的Topic（实际为 "no-such-topic"）`);
    expect(result.stderr).toContain('--bucket（Bucket名称）：须为已有的OSS Bucket（实际为 "no-such-bucket"）');
    expect(result.stderr).toContain('--name（Connector名称）：同一实例内须保持唯一；Consumer Group "connect-taken" 已存在且不属于同名的Connector');
    expect(await readdir(dir)).toEqual([]);
  });

  it('records the function logs\' project and logstore when they exist, and refuses a logstore the project does not have', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-live-logs-'));
    const ok = await run(flags('logged', { '--log-project': 'kafka-oss-local', '--log-store': 'function-logs' }), dir);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(await readFile(join(dir, 'kafka-oss.logged.json'), 'utf8'))).toMatchObject({ logProject: 'kafka-oss-local', logStore: 'function-logs' });
    const missing = await run(flags('unlogged', { '--log-project': 'kafka-oss-local', '--log-store': 'no-such-store' }), dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--log-store (Logstore): must be an existing logstore of project kafka-oss-local (got "no-such-store")');
    const noProject = await run(flags('unlogged', { '--log-project': 'no-such-project', '--log-store': 'function-logs' }), dir);
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toContain('--log-project (Log Service project): must be an existing Log Service project of the region (got "no-such-project")');
    expect(await readdir(dir)).toEqual(['kafka-oss.logged.json']);
  });

  it('refuses the name of a connector already recorded in the instance', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-live-dup-'));
    const result = await run(flags('recorded'), dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a connector named "recorded" already exists');
    expect(await readdir(dir)).toEqual([]);
  });

  it('in manual mode refuses a config topic with 2 partitions and names the rule', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-live-manual-'));
    const result = await run(flags('manual', {
      '--resources': 'manual', '--offset-topic': 'my-offset', '--config-topic': 'my-config', '--status-topic': 'my-status', '--error-topic': 'my-error',
    }), dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--config-topic (Config topic): topic "my-config" must have exactly 1 partition (has 2)');
    expect(result.stderr).not.toContain('--offset-topic (Offset topic): topic');
    expect(await readdir(dir)).toEqual([]);
  });
});
