import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../../src/emulator/openapi/index.js';
import { MemoryBroker } from './memory-broker.js';
import { fcModels as F, rmModels as R, sdkClients } from './sdk-clients.js';

// FC's service role on a new account: absent until created (CreateRole + AttachPolicy), and FC refuses a service
// whose role does not exist. Through @alicloud/resourcemanager20200331 and @alicloud/fc-open20210406.
const key = { accessKeyId: 'LTAIlocalTestKey01', accessKeySecret: 'local-test-secret-0001' };
const running: ControlPlane[] = [];
const FC_TRUST = JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }], Version: '1' });

async function start() {
  const plane = await startControlPlane({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-roles-')), broker: new MemoryBroker(), accounts: [key], alikafkaIntervalMs: 0 });
  running.push(plane);
  const accountId = plane.account.accountId;
  const attach = (fields: Partial<{ policyName: string; policyType: string; principalName: string; principalType: string; resourceGroupId: string }> = {}) =>
    sdkClients(plane.endpoint, key).rm.attachPolicy(new R.AttachPolicyRequest({
      policyName: 'AliyunFCDefaultRolePolicy', policyType: 'System', principalType: 'ServiceRole',
      principalName: `AliyunFCDefaultRole@role.${accountId}.onaliyunservice.com`, resourceGroupId: accountId, ...fields,
    }));
  return { plane, accountId, attach, ...sdkClients(plane.endpoint, key) };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

describe("FC's service role on the local account", () => {
  it('a new account has no aliyunfcdefaultrole, and FC refuses a service that names it; once created with its policy, FC takes it', async () => {
    const { rm, fc, accountId, attach } = await start();
    await expect(rm.getRole(new R.GetRoleRequest({ roleName: 'AliyunFCDefaultRole' }))).rejects.toMatchObject({ statusCode: 404, code: 'EntityNotExist.Role' });
    const role = `acs:ram::${accountId}:role/aliyunfcdefaultrole`;
    await expect(fc.createService(new F.CreateServiceRequest({ serviceName: 'svc', role }))).rejects.toMatchObject({
      statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: `role '${role}' does not exist in this account, so FC cannot assume it` },
    });

    const created = (await rm.createRole(new R.CreateRoleRequest({ roleName: 'AliyunFCDefaultRole', assumeRolePolicyDocument: FC_TRUST, description: 'FC default role' }))).body!.role!;
    expect(created).toMatchObject({ roleName: 'AliyunFCDefaultRole', arn: role });
    expect((await attach()).statusCode).toBe(200);
    const got = (await rm.getRole(new R.GetRoleRequest({ roleName: 'aliyunfcdefaultrole' }))).body!.role!;
    expect(got).toMatchObject({ roleName: 'AliyunFCDefaultRole', isServiceLinkedRole: false, assumeRolePolicyDocument: FC_TRUST });

    expect((await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc', role }))).body!.role).toBe(role);
    await expect(fc.updateService('svc', new F.UpdateServiceRequest({ role: `acs:ram::${accountId}:role/nobody` }))).rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument' } });
  });

  it('CreateRole refuses a second role of the same name in any case, and a trust policy that is not one', async () => {
    const { rm } = await start();
    await rm.createRole(new R.CreateRoleRequest({ roleName: 'AliyunFCDefaultRole', assumeRolePolicyDocument: FC_TRUST }));
    await expect(rm.createRole(new R.CreateRoleRequest({ roleName: 'aliyunfcdefaultrole', assumeRolePolicyDocument: FC_TRUST }))).rejects.toMatchObject({ statusCode: 409, code: 'EntityAlreadyExists.Role' });
    await expect(rm.createRole(new R.CreateRoleRequest({ roleName: 'other', assumeRolePolicyDocument: 'fc.aliyuncs.com' }))).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    await expect(rm.createRole(new R.CreateRoleRequest({ roleName: 'no-trust' }))).rejects.toMatchObject({ statusCode: 400, code: 'MissingParameter' });
    await expect(rm.createRole(new R.CreateRoleRequest({ roleName: 'bad name!', assumeRolePolicyDocument: FC_TRUST }))).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
  });

  it('AttachPolicy takes every parameter the metadata requires and refuses an unknown principal, policy or scope, and a second attachment', async () => {
    const { rm, accountId, attach } = await start();
    await expect(attach()).rejects.toMatchObject({ statusCode: 404, code: 'EntityNotExist.Role' });
    await rm.createRole(new R.CreateRoleRequest({ roleName: 'AliyunFCDefaultRole', assumeRolePolicyDocument: FC_TRUST }));
    await expect(attach({ resourceGroupId: undefined })).rejects.toMatchObject({ statusCode: 400, code: 'MissingParameter' });
    await expect(attach({ principalType: 'Role' })).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    await expect(attach({ principalName: 'AliyunFCDefaultRole@role.9999.onaliyunservice.com' })).rejects.toMatchObject({ statusCode: 404, code: 'EntityNotExist.Role' });
    await expect(attach({ policyName: 'NoSuchPolicy' })).rejects.toMatchObject({ statusCode: 404, code: 'EntityNotExist.Policy' });
    await expect(attach({ resourceGroupId: 'rg-unknown' })).rejects.toMatchObject({ statusCode: 404, code: 'EntityNotExist.ResourceGroup' });
    await attach();
    await expect(attach()).rejects.toMatchObject({ statusCode: 409, code: 'EntityAlreadyExists.Role.Policy' });
  });

  it("creates the fourth service-linked role a Kafka trigger needs, EventBridge's connect-vpc", async () => {
    const { rm } = await start();
    const created = (await rm.createServiceLinkedRole(new R.CreateServiceLinkedRoleRequest({ serviceName: 'connect-vpc.eventbridge.aliyuncs.com' }))).body!.role!;
    expect(created).toMatchObject({ roleName: 'AliyunServiceRoleForEventBridgeConnectVPC', isServiceLinkedRole: true });
  });
});
