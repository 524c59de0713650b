import { randomInt } from 'node:crypto';

const roleId = () => Array.from({ length: 16 }, (_, i) => String(randomInt(i === 0 ? 1 : 0, 10))).join('');
import { resourceManagerErrors } from './errors.js';
import type { LocalAccount } from './local-account.js';
import type { RpcParams } from './params.js';
import type { RoleRecord, StateStore } from './state-store.js';

export interface ResourceManagerContext { params: RpcParams; account: LocalAccount; store: StateStore }
type Handler = (ctx: ResourceManagerContext) => Promise<Record<string, unknown>>;

/** The service-linked roles this tool needs, by the service that owns them. */
export const SERVICE_LINKED_ROLES: ReadonlyMap<string, string> = new Map([
  ['connector.alikafka.aliyuncs.com', 'AliyunServiceRoleForAlikafkaConnector'],
  ['source-kafka.eventbridge.aliyuncs.com', 'AliyunServiceRoleForEventBridgeSourceKafka'],
  ['sendevent-fc.eventbridge.aliyuncs.com', 'AliyunServiceRoleForEventBridgeSendToFC'],
]);

function roleView(role: RoleRecord) {
  return {
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    Description: role.description,
    CreateDate: role.createDate,
    UpdateDate: role.createDate,
    IsServiceLinkedRole: true,
    RolePrincipalName: `${role.roleName}@role.${role.roleId}.onaliyunservice.com`,
    AssumeRolePolicyDocument: JSON.stringify({
      Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [role.serviceName] } }],
      Version: '1',
    }),
  };
}

export const resourceManagerActions: Record<string, Handler> = {
  async GetRole(ctx) {
    const name = ctx.params.required('RoleName');
    const role = ctx.store.state.roles.get(name);
    if (!role) throw resourceManagerErrors.roleNotFound(name);
    return { Role: roleView(role) };
  },

  async CreateServiceLinkedRole(ctx) {
    const serviceName = ctx.params.required('ServiceName');
    const roleName = SERVICE_LINKED_ROLES.get(serviceName);
    if (!roleName) throw resourceManagerErrors.serviceNameInvalid(serviceName);
    if (ctx.store.state.roles.has(roleName)) throw resourceManagerErrors.roleExists(roleName);
    const role: RoleRecord = {
      roleName,
      roleId: roleId(),
      serviceName,
      arn: `acs:ram::${ctx.account.accountId}:role/${roleName.toLowerCase()}`,
      createDate: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      description: ctx.params.optional('Description') ?? `Service-linked role for ${serviceName}`,
    };
    ctx.store.state.roles.set(roleName, role);
    ctx.store.save();
    return { Role: roleView(role) };
  },

  async DeleteServiceLinkedRole(ctx) {
    const name = ctx.params.required('RoleName');
    if (!ctx.store.state.roles.delete(name)) throw resourceManagerErrors.roleNotFound(name);
    ctx.store.save();
    return { DeletionTaskId: `task/${name}-${Date.now()}` };
  },
};
