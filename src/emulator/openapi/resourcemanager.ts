import { randomInt } from 'node:crypto';
import { resourceManagerErrors } from './errors.js';
import type { LocalAccount } from './local-account.js';
import type { RpcParams } from './params.js';
import type { RoleRecord, StateStore } from './state-store.js';

const roleId = () => Array.from({ length: 16 }, (_, i) => String(randomInt(i === 0 ? 1 : 0, 10))).join('');

export interface ResourceManagerContext { params: RpcParams; account: LocalAccount; store: StateStore }
type Handler = (ctx: ResourceManagerContext) => Promise<Record<string, unknown>>;

/**
 * The service-linked roles this tool needs, by the service that owns them (role list:
 * help.aliyun.com/document_detail/181425; the EventBridge ones a Kafka trigger needs: devsapp/fc-deploy handlerEbSlr).
 */
export const SERVICE_LINKED_ROLES: ReadonlyMap<string, string> = new Map([
  ['connector.alikafka.aliyuncs.com', 'AliyunServiceRoleForAlikafkaConnector'],
  ['source-kafka.eventbridge.aliyuncs.com', 'AliyunServiceRoleForEventBridgeSourceKafka'],
  ['sendevent-fc.eventbridge.aliyuncs.com', 'AliyunServiceRoleForEventBridgeSendToFC'],
  ['connect-vpc.eventbridge.aliyuncs.com', 'AliyunServiceRoleForEventBridgeConnectVPC'],
]);

/**
 * The system policies the local account has. AliyunFCDefaultRolePolicy is the one FC's default role carries (a
 * system policy: devsapp/fc#873); its statements are not modelled (RAM policies are not enforced locally).
 */
const SYSTEM_POLICIES = new Set(['AliyunFCDefaultRolePolicy']);

/** A role's ARN names it in lower case (FC's GetAccountSettings: acs:ram::1234:role/aliyunfcdefaultrole). */
const arnOf = (accountId: string, roleName: string) => `acs:ram::${accountId}:role/${roleName.toLowerCase()}`;

const trustedService = (service: string) =>
  JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: [service] } }], Version: '1' });

/** RAM role names are unique regardless of case (their ARNs are lower case): the record of `name`, whatever its case. */
export function roleNamed(store: StateStore, name: string): RoleRecord | undefined {
  const wanted = name.toLowerCase();
  for (const role of store.state.roles.values()) if (role.roleName.toLowerCase() === wanted) return role;
  return undefined;
}

function roleView(role: RoleRecord, account: LocalAccount) {
  return {
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    Description: role.description,
    CreateDate: role.createDate,
    UpdateDate: role.createDate,
    IsServiceLinkedRole: role.isServiceLinkedRole ?? true,
    RolePrincipalName: `${role.roleName}@role.${account.accountAlias}.onaliyunservice.com`,
    AssumeRolePolicyDocument: role.assumeRolePolicyDocument ?? trustedService(role.serviceName),
    MaxSessionDuration: role.maxSessionDuration ?? 3600,
  };
}

function newRole(ctx: ResourceManagerContext, fields: Pick<RoleRecord, 'roleName' | 'serviceName' | 'description' | 'isServiceLinkedRole' | 'assumeRolePolicyDocument'> & { maxSessionDuration?: number }): RoleRecord {
  if (roleNamed(ctx.store, fields.roleName)) throw resourceManagerErrors.roleExists(fields.roleName);
  const role: RoleRecord = {
    ...fields,
    roleId: roleId(),
    arn: arnOf(ctx.account.accountId, fields.roleName),
    createDate: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    attachedPolicies: [],
  };
  ctx.store.state.roles.set(fields.roleName, role);
  ctx.store.save();
  return role;
}

/** The Service principal a trust policy names, if it is one JSON policy of the documented shape (CreateRoleRequest). */
function trustedServiceOf(document: string): string {
  let policy: { Statement?: Array<{ Principal?: { Service?: string[] | string } }> } | undefined;
  try {
    policy = JSON.parse(document) as typeof policy;
  } catch {
    policy = undefined;
  }
  if (!Array.isArray(policy?.Statement)) throw resourceManagerErrors.policyDocumentInvalid('AssumeRolePolicyDocument');
  const service = policy.Statement.flatMap((s) => [s.Principal?.Service ?? []].flat())[0];
  return service ?? '';
}

/** `<RoleName>@role.<AccountAlias>.onaliyunservice.com` (AttachPolicyRequest.principalName), with the account's alias. */
function principalRole(ctx: ResourceManagerContext): RoleRecord {
  const principal = ctx.params.required('PrincipalName');
  if (ctx.params.required('PrincipalType') !== 'ServiceRole') throw resourceManagerErrors.principalNotFound(principal);
  const match = /^(.+)@role\.(.+)\.onaliyunservice\.com$/.exec(principal);
  const role = match && match[2] === ctx.account.accountAlias ? roleNamed(ctx.store, match[1]!) : undefined;
  if (!role) throw resourceManagerErrors.principalNotFound(principal);
  return role;
}

export const resourceManagerActions: Record<string, Handler> = {
  async GetRole(ctx) {
    const name = ctx.params.required('RoleName');
    const role = roleNamed(ctx.store, name);
    if (!role) throw resourceManagerErrors.roleNotFound(name);
    return { Role: roleView(role, ctx.account) };
  },

  async CreateServiceLinkedRole(ctx) {
    const serviceName = ctx.params.required('ServiceName');
    const roleName = SERVICE_LINKED_ROLES.get(serviceName);
    if (!roleName) throw resourceManagerErrors.serviceNameInvalid(serviceName);
    const description = ctx.params.optional('Description') ?? `Service-linked role for ${serviceName}`;
    const role = newRole(ctx, { roleName, serviceName, description, isServiceLinkedRole: true, assumeRolePolicyDocument: trustedService(serviceName) });
    return { Role: roleView(role, ctx.account) };
  },

  async DeleteServiceLinkedRole(ctx) {
    const name = ctx.params.required('RoleName');
    const role = roleNamed(ctx.store, name);
    if (!role) throw resourceManagerErrors.roleNotFound(name);
    ctx.store.state.roles.delete(role.roleName);
    ctx.store.save();
    return { DeletionTaskId: `task/${name}-${Date.now()}` };
  },

  /** A role that a trusted entity assumes (CreateRoleRequest): name and trust policy required. */
  async CreateRole(ctx) {
    const roleName = ctx.params.required('RoleName');
    const assumeRolePolicyDocument = ctx.params.required('AssumeRolePolicyDocument');
    const serviceName = trustedServiceOf(assumeRolePolicyDocument);
    const maxSessionDuration = ctx.params.integer('MaxSessionDuration', 3600);
    const role = newRole(ctx, { roleName, serviceName, description: ctx.params.optional('Description') ?? '', isServiceLinkedRole: false, assumeRolePolicyDocument, maxSessionDuration });
    return { Role: roleView(role, ctx.account) };
  },

  async DeleteRole(ctx) {
    const name = ctx.params.required('RoleName');
    const role = roleNamed(ctx.store, name);
    if (!role) throw resourceManagerErrors.roleNotFound(name);
    ctx.store.state.roles.delete(role.roleName);
    ctx.store.save();
    return {};
  },

  /**
   * Attaches a policy to a role (AttachPolicyRequest): the principal must be a role of the account; the scope is the
   * account (its id) — the local account has no resource groups; only the system policies above exist.
   */
  async AttachPolicy(ctx) {
    const role = principalRole(ctx);
    const policyName = ctx.params.required('PolicyName');
    if (ctx.params.required('PolicyType') !== 'System' || !SYSTEM_POLICIES.has(policyName)) throw resourceManagerErrors.policyNotFound(policyName);
    const scope = ctx.params.required('ResourceGroupId');
    if (scope !== ctx.account.accountId) throw resourceManagerErrors.resourceGroupNotFound(scope);
    const attached = (role.attachedPolicies ??= []);
    if (attached.includes(policyName)) throw resourceManagerErrors.policyAttached(policyName, role.roleName);
    attached.push(policyName);
    ctx.store.save();
    return {};
  },
};
