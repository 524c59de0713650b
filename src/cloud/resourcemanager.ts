import ResourceManagerModule, * as R from '@alicloud/resourcemanager20200331';
import { callWithRetry, CloudApiError } from './cloud-error.js';
import { sdkClientClass } from './sdk-interop.js';
import type { CloudTarget } from './target.js';

const Client = sdkClientClass(ResourceManagerModule);

export interface RoleSummary { roleName: string; arn: string; isServiceLinkedRole: boolean }

/** A role a cloud service assumes, made as the console's authorisation makes it: a trust policy and one system policy. */
export interface ServiceRoleSpec {
  roleName: string;
  description: string;
  /** The trust policy: which service may assume the role. */
  assumeRolePolicyDocument: string;
  /** The system policy (PolicyType System) that says what the role may do. */
  policyName: string;
}

/**
 * A role principal for AttachPolicy: `<RoleName>@role.<AccountAlias>.onaliyunservice.com` (AttachPolicyRequest), whose
 * alias is the account id unless the account set another (IMS SetDefaultDomain: "<AccountAlias>…默认值是阿里云账号 ID").
 * Only a fallback: CreateRole answers the principal name with the alias as it is.
 */
export const rolePrincipalName = (roleName: string, accountId: string) => `${roleName}@role.${accountId}.onaliyunservice.com`;

/** The ResourceManager 2020-03-31 calls for service-linked roles and service roles. */
export class ResourceManagerApi {
  private readonly client: InstanceType<typeof Client>;

  constructor(target: CloudTarget) {
    this.client = new Client(target.rpcConfig('resourcemanager'));
  }

  /** Undefined when the role does not exist. */
  async getRole(roleName: string): Promise<RoleSummary | undefined> {
    try {
      const response = await callWithRetry('ResourceManager GetRole', () => this.client.getRole(new R.GetRoleRequest({ roleName })));
      const role = response.body?.role;
      return { roleName: role?.roleName ?? roleName, arn: role?.arn ?? '', isServiceLinkedRole: Boolean(role?.isServiceLinkedRole) };
    } catch (err) {
      if (err instanceof CloudApiError && err.code === 'EntityNotExist.Role') return undefined;
      throw err;
    }
  }

  /** Creates the service's linked role; an already existing role is not an error. */
  async ensureServiceLinkedRole(serviceName: string, roleName: string): Promise<{ created: boolean; role: RoleSummary }> {
    try {
      const response = await callWithRetry('ResourceManager CreateServiceLinkedRole', () =>
        this.client.createServiceLinkedRole(new R.CreateServiceLinkedRoleRequest({ serviceName })),
      );
      const role = response.body?.role;
      return { created: true, role: { roleName: role?.roleName ?? roleName, arn: role?.arn ?? '', isServiceLinkedRole: true } };
    } catch (err) {
      if (!(err instanceof CloudApiError && err.code === 'EntityAlreadyExists.Role')) throw err;
      const existing = await this.getRole(roleName);
      if (!existing) throw err;
      return { created: false, role: existing };
    }
  }

  /**
   * Creates a service role and attaches its system policy, scoped to the whole account (ResourceGroupId = the
   * account id, AttachPolicyRequest). A role that exists already is returned as it is, its policies untouched. When
   * the policy cannot be attached the new role is deleted again, so that the next deploy plans it once more.
   */
  async ensureServiceRole(spec: ServiceRoleSpec): Promise<{ created: boolean; role: RoleSummary }> {
    let role: RoleSummary;
    // CreateRole answers the role's principal name (`<RoleName>@role.<AccountAlias>.onaliyunservice.com`,
    // CreateRoleResponseBodyRole.rolePrincipalName), which holds the account's alias as it is set
    let principalName: string | undefined;
    try {
      const response = await callWithRetry('ResourceManager CreateRole', () =>
        this.client.createRole(new R.CreateRoleRequest({ roleName: spec.roleName, description: spec.description, assumeRolePolicyDocument: spec.assumeRolePolicyDocument })),
      );
      role = { roleName: response.body?.role?.roleName ?? spec.roleName, arn: response.body?.role?.arn ?? '', isServiceLinkedRole: false };
      principalName = response.body?.role?.rolePrincipalName || undefined;
    } catch (err) {
      if (!(err instanceof CloudApiError && err.code === 'EntityAlreadyExists.Role')) throw err;
      const existing = await this.getRole(spec.roleName);
      if (!existing) throw err;
      return { created: false, role: existing };
    }
    const accountId = accountIdOfArn(role.arn);
    try {
      if (!accountId) throw new Error(`the new role ${spec.roleName} has no acs:ram::<account> ARN (got ${JSON.stringify(role.arn)})`);
      await this.attachSystemPolicy(spec, principalName ?? rolePrincipalName(spec.roleName, accountId), accountId);
    } catch (err) {
      await callWithRetry('ResourceManager DeleteRole', () => this.client.deleteRole(new R.DeleteRoleRequest({ roleName: spec.roleName }))).catch(() => undefined);
      throw err;
    }
    return { created: true, role };
  }

  private async attachSystemPolicy(spec: ServiceRoleSpec, principalName: string, accountId: string): Promise<void> {
    const request = new R.AttachPolicyRequest({
      policyName: spec.policyName,
      policyType: 'System',
      principalType: 'ServiceRole',
      principalName,
      resourceGroupId: accountId,
    });
    try {
      await callWithRetry('ResourceManager AttachPolicy', () => this.client.attachPolicy(request));
    } catch (err) {
      if (err instanceof CloudApiError && /AlreadyExists/.test(err.code)) return;
      if (err instanceof CloudApiError && err.code.startsWith('EntityNotExist')) {
        throw new CloudApiError(err.api, err.code, `${err.detail} — attach the system policy ${spec.policyName} to the role ${spec.roleName} in the RAM console (https://ram.console.aliyun.com/roles), then deploy again`, err.status, err.requestId);
      }
      throw err;
    }
  }
}

/** The account id is the fourth field of a RAM ARN: acs:ram::<account>:role/<name>. */
export function accountIdOfArn(arn: string): string | undefined {
  return /^acs:ram::(\d+):/.exec(arn)?.[1];
}
