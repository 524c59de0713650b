import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane, type LocalEdition } from '../../../src/emulator/openapi/index.js';
import { runCli, startLocalUp } from '../../support/cli.js';
import { MemoryBroker } from './memory-broker.js';
import { alikafkaModels as A, sdkClients } from './sdk-clients.js';

const key = { accessKeyId: 'LTAIlocalTestKey01', accessKeySecret: 'local-test-secret-0001' };
const regionId = 'cn-hangzhou';
const running: ControlPlane[] = [];

async function start(edition?: LocalEdition) {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-edition-'));
  const broker = new MemoryBroker();
  const plane = await startControlPlane({ dataDir, broker, accounts: [key], alikafkaIntervalMs: 0, ...(edition ? { account: { edition } } : {}) });
  running.push(plane);
  const { alikafka } = sdkClients(plane.endpoint, key);
  const instanceId = plane.account.instance.instanceId;
  const createTopic = async (topic: string, opts: { partitionNum: string; localTopic?: boolean; compactTopic?: boolean }) =>
    (await alikafka.createTopic(new A.CreateTopicRequest({ regionId, instanceId, topic, remark: 'edition-test', ...opts }))).body!;
  return { alikafka, broker, instanceId, createTopic };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

describe('the local instance edition, through @alicloud/alikafka20190916', () => {
  it.each<[LocalEdition | undefined, string]>([[undefined, 'professional'], ['professional', 'professional'], ['standard', 'normal']])(
    'GetInstanceList reports edition %s as SpecType %s',
    async (edition, specType) => {
      const { alikafka } = await start(edition);
      const instance = (await alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).body!.instanceList!.instanceVO![0]!;
      expect(instance.specType).toBe(specType);
    },
  );

  it('Professional Edition creates local-storage topics with compaction, and cloud-storage topics of 2 partitions or more', async () => {
    const { createTopic, broker } = await start('professional');
    expect(await createTopic('connect-config-pro', { partitionNum: '1', localTopic: true, compactTopic: true })).toMatchObject({ success: true });
    expect(await broker.describeTopic('connect-config-pro')).toEqual({ name: 'connect-config-pro', partitions: 1, configs: { 'cleanup.policy': 'compact' } });
    expect(await createTopic('connect-error-pro', { partitionNum: '2' })).toMatchObject({ success: true });
  });

  it('Standard Edition refuses LocalTopic and CompactTopic with Success:false, and creates the same topics on cloud storage', async () => {
    const { createTopic, broker, alikafka, instanceId } = await start('standard');
    const local = await createTopic('connect-offset-std', { partitionNum: '12', localTopic: true });
    expect(local).toMatchObject({ success: false, code: 400, message: expect.stringContaining('Standard Edition instance: its topics use cloud storage, LocalTopic cannot be true') });
    const compact = await createTopic('connect-offset-std', { partitionNum: '12', localTopic: true, compactTopic: true });
    expect(compact).toMatchObject({ success: false, code: 400 });
    const compactAlone = await createTopic('connect-offset-std', { partitionNum: '12', compactTopic: true });
    expect(compactAlone).toMatchObject({ success: false, message: expect.stringContaining('LocalTopic') });
    expect(await broker.describeTopic('connect-offset-std')).toBeUndefined();

    expect(await createTopic('connect-offset-std', { partitionNum: '12' })).toMatchObject({ success: true });
    const listed = (await alikafka.getTopicList(new A.GetTopicListRequest({ regionId, instanceId }))).body!.topicList!.topicVO!;
    expect(listed).toEqual([expect.objectContaining({ topic: 'connect-offset-std', localTopic: false, compactTopic: false, partitionNum: 12 })]);
  });

  it.each<LocalEdition>(['standard', 'professional'])('%s: a cloud-storage topic of 1 partition is refused (cloud storage needs 2)', async (edition) => {
    const { createTopic, broker } = await start(edition);
    expect(await createTopic('connect-config-one', { partitionNum: '1' })).toMatchObject({
      success: false, code: 400, message: 'A topic on cloud storage needs at least 2 partitions (got 1).',
    });
    expect(await broker.describeTopic('connect-config-one')).toBeUndefined();
    expect(await createTopic('connect-config-two', { partitionNum: '2' })).toMatchObject({ success: true });
  });
});

describe('kafka-oss local up --edition (the built CLI)', () => {
  it('starts a Standard Edition instance that GetInstanceList reports as normal, and refuses an unknown edition', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kafka-oss-edition-up-'));
    const env = { KAFKA_OSS_HOME: join(home, '.kafka-oss') };
    const up = await startLocalUp(['--data-dir', join(home, 'data'), '--no-save-profile', '--edition', 'standard'], env);
    try {
      expect((up.description as unknown as { edition: string }).edition).toBe('standard');
      const { alikafka } = sdkClients(up.description.api.endpoint, up.description);
      const instance = (await alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).body!.instanceList!.instanceVO![0]!;
      expect(instance.specType).toBe('normal');
    } finally {
      expect(await up.stop()).toBe(0);
    }
    const bad = await runCli(['local', 'up', '--data-dir', join(home, 'bad'), '--edition', 'basic'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--edition must be professional or standard, got "basic"');
  });
});
