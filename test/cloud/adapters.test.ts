import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../src/emulator/openapi/index.js';
import { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { ResourceManagerApi, accountIdOfArn } from '../../src/cloud/resourcemanager.js';
import { VpcApi } from '../../src/cloud/vpc.js';
import { FcApi } from '../../src/cloud/fc.js';
import { catalogFor } from '../../src/cloud/catalog-sdk.js';
import { saveProfile } from '../../src/cloud/profile-store.js';
import { profileTarget, resolveCloudTarget, type CloudTarget } from '../../src/cloud/target.js';
import { CloudApiError } from '../../src/cloud/cloud-error.js';
import { FC_SERVICE_ROLE } from '../../src/deploy/resources.js';
import { MemoryBroker } from '../emulator/openapi/memory-broker.js';

const key = { accessKeyId: 'LTAIadapterTest01', accessKeySecret: 'adapter-test-secret-01' };
let plane: ControlPlane;
let target: CloudTarget;
let instanceId: string;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-adapters-'));
  // One call per second per action, as alikafka allows: the adapters must ride it out.
  plane = await startControlPlane({ dataDir, broker: new MemoryBroker(), accounts: [key], alikafkaIntervalMs: 1000 });
  process.env.KAFKA_OSS_HOME = join(dataDir, 'home');
  await saveProfile('local-test', { regionId: 'cn-hangzhou', ...key, apiEndpoint: plane.endpoint, protocol: 'http', ossEndpoint: 'http://127.0.0.1:9' });
  target = await resolveCloudTarget({ profile: 'local-test' });
  instanceId = plane.account.instance.instanceId;
});

afterAll(async () => {
  await plane.close();
});

describe('cloud adapters over the official SDKs, against the local control plane', () => {
  it('resolves a kafka-oss profile into SDK configs pointed at its endpoints', () => {
    expect(target).toMatchObject({ regionId: 'cn-hangzhou', local: true, profileName: 'local-test' });
    expect(target.rpcConfig('alikafka')).toMatchObject({ endpoint: plane.endpoint, protocol: 'http' });
  });

  it('creates topics through flow control without failing, and lists them', async () => {
    const alikafka = new AlikafkaApi(target);
    for (const topic of ['connect-config-a', 'connect-status-a', 'connect-error-a']) {
      await alikafka.createTopic({ instanceId, topic, remark: 'kafka-oss', partitionNum: topic.includes('config') ? 1 : 6, localTopic: true, compactTopic: !topic.includes('error') });
    }
    const topics = await alikafka.listTopics(instanceId);
    expect(topics.map((t) => [t.name, t.partitionNum, t.compactTopic])).toEqual([
      ['connect-config-a', 1, true], ['connect-error-a', 6, false], ['connect-status-a', 6, true],
    ]);
  });

  it('turns Success:false into an error naming the API, the code and the message', async () => {
    const alikafka = new AlikafkaApi(target);
    const err = await alikafka.createTopic({ instanceId, topic: 'connect-config-a', remark: 'kafka-oss', partitionNum: 1, localTopic: true, compactTopic: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect((err as CloudApiError).message).toMatch(/^alikafka CreateTopic failed: 400: The topic connect-config-a already exists/);
  });

  it('records connectors as tagged consumer groups that the catalog lists', async () => {
    const alikafka = new AlikafkaApi(target);
    await alikafka.createConsumerGroup(instanceId, 'connect-demo', { remark: 'kafka-oss', tags: { 'kafka-oss:connector': 'demo' } });
    await alikafka.createConsumerGroup(instanceId, 'connect-foreign');
    const catalog = catalogFor(target);
    expect(await catalog.listConnectors(instanceId)).toEqual([
      { name: 'demo', instanceId, taskGroup: 'connect-demo', tags: { 'kafka-oss:connector': 'demo' } },
    ]);
    expect((await catalog.listInstances())[0]).toMatchObject({ instanceId, vpcId: 'vpc-local01', vSwitchId: 'vsw-local01' });
  });

  it('ensures service-linked roles once and reads the account id from their ARN', async () => {
    const rm = new ResourceManagerApi(target);
    const first = await rm.ensureServiceLinkedRole('connector.alikafka.aliyuncs.com', 'AliyunServiceRoleForAlikafkaConnector');
    const second = await rm.ensureServiceLinkedRole('connector.alikafka.aliyuncs.com', 'AliyunServiceRoleForAlikafkaConnector');
    expect([first.created, second.created]).toEqual([true, false]);
    expect(accountIdOfArn(second.role.arn)).toBe(plane.account.accountId);
    expect(await rm.getRole('NoSuchRole')).toBeUndefined();
  });

  it("creates FC's service role with its system policy once, and deletes it again when the policy cannot be attached", async () => {
    const rm = new ResourceManagerApi(target);
    const spec = { ...FC_SERVICE_ROLE, roleName: 'AdapterFcRole' };
    plane.faults.failNext(1, { status: 404, code: 'EntityNotExist.Role', action: 'AttachPolicy', message: 'The principal does not exist.' });
    const err = await rm.ensureServiceRole(spec).catch((e: unknown) => e);
    expect(err).toMatchObject({ api: 'ResourceManager AttachPolicy', code: 'EntityNotExist.Role' });
    expect((err as Error).message).toContain('attach the system policy AliyunFCDefaultRolePolicy to the role AdapterFcRole in the RAM console');
    expect(await rm.getRole('AdapterFcRole')).toBeUndefined();

    const first = await rm.ensureServiceRole(spec);
    expect(first).toMatchObject({ created: true, role: { roleName: 'AdapterFcRole', arn: `acs:ram::${plane.account.accountId}:role/adapterfcrole` } });
    expect((await rm.ensureServiceRole(spec)).created).toBe(false);
  });

  it("attaches the policy to the principal CreateRole names, which carries an account alias the account has set", async () => {
    const aliased = await startControlPlane({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-alias-')), broker: new MemoryBroker(), accounts: [key], account: { accountAlias: 'example-corp' } });
    try {
      const rm = new ResourceManagerApi(profileTarget('aliased', { regionId: 'cn-hangzhou', ...key, apiEndpoint: aliased.endpoint, protocol: 'http' }));
      // `<role>@role.<account id>.onaliyunservice.com` names no principal of this account: AttachPolicy would refuse
      // it, and ensureServiceRole would then delete the role again and throw
      const made = await rm.ensureServiceRole({ ...FC_SERVICE_ROLE, roleName: 'AliasedFcRole' });
      expect(made.created).toBe(true);
      expect(await rm.getRole('AliasedFcRole')).toMatchObject({ roleName: 'AliasedFcRole' });
    } finally {
      await aliased.close();
    }
  });

  it('answers which VPC and zone a VSwitch is in, and "not found" both when VPC refuses an unknown one and when it answers it empty', async () => {
    const vpc = new VpcApi(target);
    expect(await vpc.getVSwitch('vsw-other01')).toEqual({ vSwitchId: 'vsw-other01', vpcId: 'vpc-other01', zoneId: 'cn-hangzhou-h' });
    expect(await vpc.getVSwitch('vsw-nope')).toBeUndefined();
    plane.faults.failNext(1, { action: 'DescribeVSwitchAttributes', answer: { VSwitchId: '', VpcId: '' } });
    expect(await vpc.getVSwitch('vsw-nope')).toBeUndefined();
    // the create command's live check then says the VSwitch does not exist, not that it "is in " nothing
    plane.faults.failNext(1, { action: 'DescribeVSwitchAttributes', answer: { VSwitchId: '', VpcId: '' } });
    expect(await catalogFor(target).getVSwitch('vsw-nope')).toBeUndefined();
  });

  it("reads FC's zones and default role (GetAccountSettings)", async () => {
    expect(await new FcApi(target, plane.account.accountId).getAccountSettings()).toEqual({
      availableAZs: ['cn-hangzhou-h'], defaultRole: `acs:ram::${plane.account.accountId}:role/aliyunfcdefaultrole`,
    });
  });

  it('reports a missing FC service as absent and FC errors with their own codes', async () => {
    const fc = new FcApi(target, plane.account.accountId);
    expect(await fc.getService('nothing-here')).toBeUndefined();
    await fc.createService({ serviceName: 'svc-a', description: 'd' });
    const err = await fc.createService({ serviceName: 'svc-a', description: 'd' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ServiceAlreadyExists', api: 'FC CreateService' });
    expect(await fc.deleteService('svc-a')).toBe(true);
    expect(await fc.deleteService('svc-a')).toBe(false);
  });
});
