import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import VpcModule, * as V from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane, type LocalAccountOptions } from '../../../src/emulator/openapi/index.js';
import { sdkClientClass } from '../../../src/cloud/sdk-interop.js';
import { MemoryBroker } from './memory-broker.js';
import { alikafkaModels as A, fcModels as F, rmModels as R, sdkClients } from './sdk-clients.js';

// FC's VPC access on the local account: GetAccountSettings' zones, the instance's security group, and CreateService /
// UpdateService refusing what FC refuses. Through the official SDKs.
const key = { accessKeyId: 'LTAIlocalTestKey01', accessKeySecret: 'local-test-secret-0001' };
const regionId = 'cn-hangzhou';
const running: ControlPlane[] = [];
const Vpc = sdkClientClass(VpcModule);

async function start(account?: LocalAccountOptions) {
  const plane = await startControlPlane({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-fc-vpc-')), broker: new MemoryBroker(), accounts: [key], alikafkaIntervalMs: 0, ...(account ? { account } : {}) });
  running.push(plane);
  const clients = sdkClients(plane.endpoint, key);
  const trust = JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }], Version: '1' });
  const role = (await clients.rm.createRole(new R.CreateRoleRequest({ roleName: 'AliyunFCDefaultRole', assumeRolePolicyDocument: trust }))).body!.role!.arn!;
  const vpc = new Vpc(new $OpenApiUtil.Config({ ...key, endpoint: plane.endpoint, protocol: 'http', regionId }));
  const service = (serviceName: string, vSwitchId: string, securityGroupId = 'sg-local01') =>
    new F.CreateServiceRequest({ serviceName, role, vpcConfig: new F.VPCConfig({ vpcId: 'vpc-local01', vSwitchIds: [vSwitchId], securityGroupId }) });
  return { plane, vpc, role, service, ...clients };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

describe("FC's zones and the VPC config of a service", () => {
  it("GetAccountSettings answers the zones FC runs in (by default the instance's) and the default role", async () => {
    const { fc, plane } = await start();
    expect((await fc.getAccountSettings()).body).toMatchObject({ availableAZs: ['cn-hangzhou-h'], defaultRole: `acs:ram::${plane.account.accountId}:role/aliyunfcdefaultrole` });
    const other = await start({ fcAvailableZones: ['cn-hangzhou-i', 'cn-hangzhou-k'] });
    expect((await other.fc.getAccountSettings()).body!.availableAZs).toEqual(['cn-hangzhou-i', 'cn-hangzhou-k']);
  });

  it('CreateService and UpdateService refuse a VSwitch in a zone FC does not run in, with FC\'s wording', async () => {
    const { fc, service } = await start();
    const unsupported = { statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringMatching(/^vSwitch is in unsupported zone: vSwitch 'vsw-local02' is in cn-hangzhou-i/) } };
    await expect(fc.createService(service('svc', 'vsw-local02'))).rejects.toMatchObject(unsupported);
    await fc.createService(service('svc', 'vsw-local01'));
    await expect(fc.updateService('svc', new F.UpdateServiceRequest({ vpcConfig: new F.VPCConfig({ vpcId: 'vpc-local01', vSwitchIds: ['vsw-local02'], securityGroupId: 'sg-local01' }) })))
      .rejects.toMatchObject(unsupported);
    const other = await start({ fcAvailableZones: ['cn-hangzhou-i'] });
    expect((await other.fc.createService(other.service('svc', 'vsw-local02'))).body!.vpcConfig!.vSwitchIds).toEqual(['vsw-local02']);
  });

  it('CreateService refuses a vpcConfig without a security group', async () => {
    const { fc, service } = await start();
    await expect(fc.createService(service('svc', 'vsw-local01', ''))).rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: 'vpcConfig.securityGroupId is required with a vpcConfig' } });
  });

  it('GetInstanceList reports the instance\'s security group, or an empty one when the account is told to', async () => {
    const withGroup = (await (await start()).alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).body!.instanceList!.instanceVO![0]!;
    expect(withGroup.securityGroup).toBe('sg-local01');
    const without = (await (await start({ securityGroup: '' })).alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).body!.instanceList!.instanceVO![0]!;
    expect(without.securityGroup).toBe('');
  });

  it('VPC answers an unknown VSwitch with InvalidVSwitchId.NotFound, and a fault can answer it with an empty success instead', async () => {
    const { vpc, plane } = await start();
    await expect(vpc.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId, vSwitchId: 'vsw-nope' }))).rejects.toMatchObject({ statusCode: 404, code: 'InvalidVSwitchId.NotFound' });
    plane.faults.failNext(1, { action: 'DescribeVSwitchAttributes', answer: { VSwitchId: '', VpcId: '', ZoneId: '' } });
    const empty = await vpc.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId, vSwitchId: 'vsw-nope' }));
    expect(empty.body).toMatchObject({ vSwitchId: '', vpcId: '', requestId: expect.any(String) });
    expect((await vpc.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId, vSwitchId: 'vsw-local02' }))).body).toMatchObject({ vpcId: 'vpc-local01', zoneId: 'cn-hangzhou-i' });
  });
});
