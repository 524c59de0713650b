import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import type { CloudTarget } from '../../src/cloud/target.js';
import { FcApi } from '../../src/cloud/fc.js';
import { ResourceManagerApi } from '../../src/cloud/resourcemanager.js';
import { BlockedPlanError } from '../../src/deploy/apply.js';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import type { PlanStep } from '../../src/deploy/plan-step.js';
import { openSession } from '../../src/deploy/session.js';
import { resolveDefinition, type ConnectorDefinition, type DefinitionInput } from '../../src/definition/definition.js';
import { startTestCloud, silent } from '../support/test-cloud.js';

/*
 * What deploy checks before it changes anything — FC answering, the VSwitch (existing, in a zone FC runs in), the
 * instance's security group, the bucket in the region — against local clouds that refuse the same things FC does.
 */
type Started = Awaited<ReturnType<typeof startTestCloud>>;
const clouds: LocalCloud[] = [];

async function cloudWith(prefix: string, account: NonNullable<Parameters<typeof startTestCloud>[0]['cloud']>['account'] = {}): Promise<Started> {
  const started = await startTestCloud({ prefix, alikafkaIntervalMs: 300, cloud: { account } });
  clouds.push(started.cloud);
  await started.alikafka.createTopic({ instanceId: started.instanceId, topic: 'orders', remark: 'orders', partitionNum: 2, localTopic: false, compactTopic: false });
  await new OSS({ ...started.cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('prereq-bucket');
  return started;
}

function definitionOf(started: Started, name: string, input: DefinitionInput = {}): ConnectorDefinition {
  const { definition, errors } = resolveDefinition(
    { name, instanceId: started.instanceId, sourceTopic: 'orders', bucket: 'prereq-bucket', accessKeyId: started.cloud.accessKey.accessKeyId, ...input },
    { regionId: 'cn-hangzhou' },
  );
  expect(errors).toEqual([]);
  return definition!;
}

const prepare = async (target: CloudTarget, started: Started, definition: ConnectorDefinition) =>
  prepareDeploy(await openSession(target, definition), definition, started.cloud.accessKey.accessKeySecret);
const blockedOf = (steps: PlanStep[]) => steps.filter((s) => s.action === 'blocked').map((s) => `${s.kind} ${s.name}: ${s.detail}`);

afterAll(async () => {
  await Promise.all(clouds.map((c) => c.close()));
});

describe('deploy checks FC and the VPC before it creates anything in FC', () => {
  let started: Started;
  let fc: FcApi;
  beforeAll(async () => {
    started = await cloudWith('kafka-oss-prereq-');
    fc = new FcApi(started.target, started.cloud.api!.account.accountId);
  });

  it('a first deploy with a VSwitch in a zone FC does not run in stops once the roles name the account, before FC is touched', async () => {
    // vsw-local02 is in the instance's VPC, in cn-hangzhou-i; FC runs in cn-hangzhou-h only
    const definition = definitionOf(started, 'zone', { vpcId: 'vpc-local01', vSwitchId: 'vsw-local02' });
    const prepared = await prepare(started.target, started, definition);
    expect(prepared.steps.find((s) => s.kind === 'fc')).toMatchObject({ action: 'check' });
    const err = await prepared.apply(silent).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedPlanError);
    expect((err as BlockedPlanError).blocked).toEqual([expect.objectContaining({ kind: 'service', detail: expect.stringMatching(/^vSwitch is in unsupported zone: vsw-local02 is in cn-hangzhou-i, and FC runs in cn-hangzhou only in cn-hangzhou-h/) })]);
    expect(await fc.getService('kafka-oss-zone')).toBeUndefined();

    // now that the roles name the account, a dry run says it at once
    const again = await prepare(started.target, started, definition);
    expect(blockedOf(again.steps)).toEqual([expect.stringMatching(/^service kafka-oss-zone: vSwitch is in unsupported zone/)]);
    expect(again.steps.find((s) => s.kind === 'fc')).toEqual({ kind: 'fc', name: 'cn-hangzhou', action: 'unchanged', detail: 'Function Compute answers; its zones: cn-hangzhou-h' });
  });

  it('an unknown VSwitch is "not found", whether VPC refuses it or answers it empty', async () => {
    const definition = definitionOf(started, 'nosw', { vpcId: 'vpc-local01', vSwitchId: 'vsw-nope01' });
    const notFound = 'service kafka-oss-nosw: vSwitch vsw-nope01 not found in cn-hangzhou (VPC DescribeVSwitchAttributes): give a VSwitch of VPC vpc-local01 (--vswitch-id)';
    expect(blockedOf((await prepare(started.target, started, definition)).steps)).toEqual([notFound]);
    started.cloud.api!.faults.failNext(1, { action: 'DescribeVSwitchAttributes', answer: { VSwitchId: '', VpcId: '', ZoneId: '' } });
    expect(blockedOf((await prepare(started.target, started, definition)).steps)).toEqual([notFound]);
  });

  it('FC not answering GetAccountSettings blocks the plan with its error and where to activate FC', async () => {
    started.cloud.api!.faults.failNext(1, { status: 403, code: 'AccessDenied', action: 'GetAccountSettings' });
    const prepared = await prepare(started.target, started, definitionOf(started, 'nofc'));
    expect(blockedOf(prepared.steps)[0]).toMatch(/^fc cn-hangzhou: Function Compute does not answer \(FC GetAccountSettings: AccessDenied: .*\): activate it in cn-hangzhou \(https:\/\/fc\.console\.aliyun\.com\)/);
    await expect(prepared.apply(silent)).rejects.toBeInstanceOf(BlockedPlanError);
    expect(await fc.getService('kafka-oss-nofc')).toBeUndefined();
  });

  it('a bucket the account does not have blocks the plan', async () => {
    const prepared = await prepare(started.target, started, definitionOf(started, 'nobkt', { bucket: 'no-such-bucket' }));
    expect(blockedOf(prepared.steps)).toEqual([expect.stringMatching(/^oss no-such-bucket: no bucket of that name among those the deploying AccessKey lists/)]);
  });

  it('a good definition deploys with the instance\'s security group on the service', async () => {
    const prepared = await prepare(started.target, started, definitionOf(started, 'good'));
    expect(blockedOf(prepared.steps)).toEqual([]);
    await prepared.apply(silent);
    expect((await fc.getService('kafka-oss-good'))!.vpcConfig).toEqual({ vpcId: 'vpc-local01', vSwitchIds: ['vsw-local01'], securityGroupId: 'sg-local01' });
  });
});

describe('an instance without a security group', () => {
  it('blocks the plan on the service, and a blocked first deploy creates nothing, not even the roles', async () => {
    const started = await cloudWith('kafka-oss-nosg-', { securityGroup: '' });
    const prepared = await prepare(started.target, started, definitionOf(started, 'nosg'));
    expect(blockedOf(prepared.steps)).toEqual([expect.stringMatching(/^service kafka-oss-nosg: the Kafka instance \S+ reports no security group/)]);
    await expect(prepared.apply(silent)).rejects.toBeInstanceOf(BlockedPlanError);
    expect(await new ResourceManagerApi(started.target).getRole('AliyunServiceRoleForAlikafkaConnector')).toBeUndefined();
    expect(await new ResourceManagerApi(started.target).getRole('AliyunFCDefaultRole')).toBeUndefined();
  });
});

describe('an instance that is not running', () => {
  it('blocks the plan on the instance (ServiceStatus 1, deploying), and deploy creates nothing', async () => {
    const started = await cloudWith('kafka-oss-deploying-', { serviceStatus: 1 });
    const prepared = await prepare(started.target, started, definitionOf(started, 'early'));
    expect(blockedOf(prepared.steps)).toEqual([`instance ${started.instanceId}: is not running (ServiceStatus 1, deploying); deploy needs a running instance (5)`]);
    await expect(prepared.apply(silent)).rejects.toBeInstanceOf(BlockedPlanError);
    expect(await new ResourceManagerApi(started.target).getRole('AliyunServiceRoleForAlikafkaConnector')).toBeUndefined();
    expect((await started.alikafka.listConsumerGroups(started.instanceId)).map((g) => g.consumerId)).toEqual([]);
  });
});

describe('topics that take a while to be running', () => {
  it('deploy waits for each new topic before the trigger refers to them, and the trigger is created', async () => {
    // the local instance keeps each new topic from running for 1.5 s (GetTopicList Status 1); the trigger refuses such a topic
    const started = await cloudWith('kafka-oss-slow-topics-', { topicReadyDelayMs: 1500 });
    const definition = definitionOf(started, 'slow', { deadLetterTopic: 'connect-dlq-slow' });
    const result = await (await prepare(started.target, started, definition)).apply(silent);
    expect(result.changed.map((s) => `${s.kind}:${s.name}`)).toEqual(expect.arrayContaining(['topic:connect-error-slow', 'topic:connect-dlq-slow', 'trigger:kafka-source']));
    for (const topic of ['connect-offset-slow', 'connect-config-slow', 'connect-status-slow', 'connect-error-slow', 'connect-dlq-slow']) {
      expect(await started.alikafka.topicStatus(started.instanceId, topic)).toBe(0);
    }
  });
});
