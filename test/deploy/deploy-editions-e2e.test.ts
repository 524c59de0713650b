import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import type { CloudTarget } from '../../src/cloud/target.js';
import { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import { STANDARD_EDITION_NOTE } from '../../src/deploy/plan.js';
import { openSession } from '../../src/deploy/session.js';
import { resolveDefinition, type ConnectorDefinition, type DefinitionInput } from '../../src/definition/definition.js';
import { startTestCloud, silent } from '../support/test-cloud.js';

/*
 * Deploy on a Standard Edition instance (`local up --edition standard`): the local cloud refuses what Standard
 * Edition refuses (LocalTopic, CompactTopic, 1-partition cloud topics), so a deploy that asked for them would fail here.
 */
let cloud: LocalCloud;
let target: CloudTarget;
let instanceId: string;
let alikafka: AlikafkaApi;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-standard-', alikafkaIntervalMs: 300, cloud: { account: { edition: 'standard' } } });
  ({ cloud, target, instanceId, alikafka } = started);
  await alikafka.createTopic({ instanceId, topic: 'orders', remark: 'orders', partitionNum: 3, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('standard-bucket');
});

afterAll(async () => {
  await cloud?.close();
});

function definitionOf(name: string, input: DefinitionInput = {}): ConnectorDefinition {
  const { definition, errors } = resolveDefinition({ name, instanceId, sourceTopic: 'orders', bucket: 'standard-bucket', accessKeyId: cloud.accessKey.accessKeyId, ...input }, { regionId: 'cn-hangzhou' });
  expect(errors).toEqual([]);
  return definition!;
}

const prepare = async (definition: ConnectorDefinition) => prepareDeploy(await openSession(target, definition), definition, cloud.accessKey.accessKeySecret);

describe('deploy on a Standard Edition instance', () => {
  it('warns in the plan, creates every topic on cloud storage (the config topic with 2 partitions), and a second deploy changes nothing', async () => {
    const definition = definitionOf('std');
    const prepared = await prepare(definition);
    expect(prepared.steps[0]).toEqual({ kind: 'instance', name: instanceId, action: 'drift', detail: `running; ${STANDARD_EDITION_NOTE}` });
    expect(prepared.steps.filter((s) => s.action === 'blocked')).toEqual([]);
    const result = await prepared.apply(silent);
    expect(result.changed.map((s) => `${s.kind}:${s.name}`)).toEqual(expect.arrayContaining([
      'topic:connect-offset-std', 'topic:connect-config-std', 'topic:connect-status-std', 'topic:connect-error-std', 'trigger:kafka-source',
    ]));

    const topics = new Map((await alikafka.listTopics(instanceId)).map((t) => [t.name, t]));
    expect(topics.get('connect-offset-std')).toMatchObject({ partitionNum: 12, localTopic: false, compactTopic: false });
    expect(topics.get('connect-config-std')).toMatchObject({ partitionNum: 2, localTopic: false, compactTopic: false });
    expect(topics.get('connect-status-std')).toMatchObject({ partitionNum: 6, localTopic: false, compactTopic: false });
    expect(topics.get('connect-error-std')).toMatchObject({ partitionNum: 6, localTopic: false, compactTopic: false });

    const second = await prepare(definition);
    expect(second.steps.filter((s) => s.action === 'create' || s.action === 'update' || s.action === 'blocked')).toEqual([]);
    expect(second.steps.filter((s) => s.action === 'drift').map((s) => `${s.kind}:${s.name}`)).toEqual([
      `instance:${instanceId}`, 'topic:connect-offset-std', 'topic:connect-config-std', 'topic:connect-status-std',
    ]);
    expect((await second.apply(silent)).changed).toEqual([]);
  });

  it('in manual mode takes cloud-storage topics without compaction with a warning instead of blocking', async () => {
    for (const [topic, partitionNum] of [['connect-offset-man', 12], ['connect-config-man', 2], ['connect-status-man', 6], ['connect-error-man', 6]] as const) {
      await alikafka.createTopic({ instanceId, topic, remark: 'by-hand', partitionNum, localTopic: false, compactTopic: false });
    }
    const prepared = await prepare(definitionOf('man', { resources: 'manual' }));
    expect(prepared.steps.filter((s) => s.action === 'blocked')).toEqual([]);
    expect(prepared.steps.filter((s) => s.kind === 'topic').map((s) => `${s.action} ${s.name}`)).toEqual([
      'drift connect-offset-man', 'drift connect-config-man', 'drift connect-status-man', 'unchanged connect-error-man',
    ]);
  });
});
