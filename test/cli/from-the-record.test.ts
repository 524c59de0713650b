import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOssBucketClient } from '../../src/cloud/oss.js';
import { resolveDefinition, type ConnectorDefinition } from '../../src/definition/definition.js';
import { connectorGroupTags, taskGroupTags } from '../../src/definition/record.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import { runCli } from '../support/cli.js';
import { startTestCloud } from '../support/test-cloud.js';
import { readExport } from '../support/test-oss.js';

// Issue #12 item 1 and 5: commands that act on an existing connector need only its name and --profile —
// the brokers, the OSS endpoint and the definition come from the profile and the connector's cloud record.
let cloud: LocalCloud;
let home: string;
let elsewhere: string;
let definition: ConnectorDefinition;
let ossEndpoint: string;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-record-', alikafkaIntervalMs: 100 });
  ({ cloud, home } = started);
  ossEndpoint = started.profile.ossEndpoint!;
  await started.alikafka.createTopic({ instanceId: started.instanceId, topic: 'orders', remark: 'orders', partitionNum: 2, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: ossEndpoint, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('record-bucket');
  definition = resolveDefinition({
    name: 'recorded', instanceId: started.instanceId, sourceTopic: 'orders', bucket: 'record-bucket', accessKeyId: cloud.accessKey.accessKeyId, offsetReset: 'earliest',
  }).definition!;
  // The record deploy leaves in the cloud (its task group's tags), without the FC function that would consume too.
  await started.alikafka.createConsumerGroup(started.instanceId, definition.taskGroup, { remark: 'kafka-oss-task', tags: taskGroupTags(definition) });
  await started.alikafka.createConsumerGroup(started.instanceId, definition.connectorGroup, { remark: 'kafka-oss-connector', tags: connectorGroupTags(definition) });
  elsewhere = await mkdtemp(join(tmpdir(), 'kafka-oss-elsewhere-'));
  await mkdir(elsewhere, { recursive: true });
});

afterAll(async () => {
  await cloud?.close();
});

const env = () => ({ CI: 'true', KAFKA_OSS_HOME: home, KAFKA_OSS_ACCESS_KEY_SECRET: cloud.accessKey.accessKeySecret });

describe('a connector known only by its cloud record', () => {
  it('send-message takes the brokers from --profile', async () => {
    const sent = await runCli(['send-message', '--profile', 'live', '--topic', 'orders', '--partition', '1', '--key', 'k', '--value', 'from-the-profile'], { cwd: elsewhere, env: env() });
    expect(sent.stderr).toBe('');
    expect(sent).toMatchObject({ code: 0, stdout: 'topic orders partition 1 offset 0\n' });
  });

  it('sink run needs only the name and --profile, and names objects as the deployed function does', async () => {
    const run = await runCli(['sink', 'run', 'recorded', '--profile', 'live', '--until-caught-up', '--flush-interval-ms', '200'], { cwd: elsewhere, env: env() });
    expect(run.stderr).not.toContain('required');
    expect(run.code).toBe(0);
    const bucket = createOssBucketClient({ bucket: 'record-bucket', endpoint: ossEndpoint, region: 'cn-hangzhou', ...cloud.accessKey });
    const objects = await readExport(bucket, '');
    expect(objects.map((o) => o.name)).toEqual(['recorded/orders/1/00000000000000000000.json']);
    expect(objects[0]!.records[0]).toMatchObject({ key: 'k', value: 'from-the-profile', partition: 1, offset: 0 });
  });

  it('describe reads the definition from the record', async () => {
    const described = await runCli(['describe', 'recorded', '--profile', 'live', '--output', 'json'], { cwd: elsewhere, env: env() });
    expect(described.code).toBe(0);
    expect((JSON.parse(described.stdout) as { definition: ConnectorDefinition }).definition).toEqual({ ...definition, regionId: 'cn-hangzhou' });
  });

  it('get writes the definition from the record, without the secret, and another machine works from it', async () => {
    const got = await runCli(['get', 'recorded', '--profile', 'live'], { cwd: elsewhere, env: env() });
    expect(got.code, got.stderr).toBe(0);
    const written = JSON.parse(await readFile(join(elsewhere, 'kafka-oss.recorded.json'), 'utf8')) as ConnectorDefinition;
    expect(written).toEqual({ ...definition, regionId: 'cn-hangzhou' });
    expect(JSON.stringify(written)).not.toContain(cloud.accessKey.accessKeySecret);
    const again = await runCli(['get', 'recorded', '--profile', 'live'], { cwd: elsewhere, env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--out: kafka-oss.recorded.json exists; give --force to replace it');
    const describedFromFile = await runCli(['describe', 'recorded', '--profile', 'live', '--output', 'json'], { cwd: elsewhere, env: env() });
    expect(describedFromFile.code).toBe(0);
    await rm(join(elsewhere, 'kafka-oss.recorded.json'));
  });

  it('an unknown name says where it looked and what to run', async () => {
    const missing = await runCli(['sink', 'run', 'nosuch', '--profile', 'live'], { cwd: elsewhere, env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no connector named "nosuch"');
    expect(missing.stderr).toContain('--topic and --bucket');
    const test = await runCli(['test', 'nosuch', '--profile', 'live'], { cwd: elsewhere, env: env() });
    expect(test.code).toBe(2);
    expect(test.stderr).toContain('Run `kafka-oss create` to define it, or `kafka-oss list`');
  });
});
