import ResourceManagerModule, * as R from '@alicloud/resourcemanager20200331';
import { callWithRetry, CloudApiError } from './cloud-error.js';
import { sdkClientClass } from './sdk-interop.js';
import type { CloudTarget } from './target.js';

const Client = sdkClientClass(ResourceManagerModule);

export interface RoleSummary { roleName: string; arn: string; isServiceLinkedRole: boolean }

/** The ResourceManager 2020-03-31 calls for service-linked roles. */
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
}

/** The account id is the fourth field of a RAM ARN: acs:ram::<account>:role/<name>. */
export function accountIdOfArn(arn: string): string | undefined {
  return /^acs:ram::(\d+):/.exec(arn)?.[1];
}
