import { randomUUID } from 'node:crypto';
import { fcErrors } from './errors.js';
import { noContent, now, ok, serviceOf, type FcAnswer, type FcCall, type FcEnv } from './fc-context.js';
import { roleNamed } from './resourcemanager.js';
import { checkLogConfig, logConfigOf } from './fc-log-config.js';
import { newTags, type ServiceRecord } from './state-store.js';

function applyServiceFields(record: ServiceRecord, body: Readonly<Record<string, unknown>>): void {
  if (typeof body.description === 'string') record.description = body.description;
  if (typeof body.role === 'string') record.role = body.role;
  if (typeof body.internetAccess === 'boolean') record.internetAccess = body.internetAccess;
  if (body.vpcConfig && typeof body.vpcConfig === 'object') {
    const vpc = body.vpcConfig as { vpcId?: string; vSwitchIds?: string[]; securityGroupId?: string };
    record.vpcConfig = { vpcId: vpc.vpcId ?? '', vSwitchIds: vpc.vSwitchIds ?? [], securityGroupId: vpc.securityGroupId ?? '' };
  }
  const logConfig = logConfigOf(body);
  if (logConfig === null) delete record.logConfig;
  else if (logConfig) record.logConfig = logConfig;
}

/**
 * A VPC config names VSwitches of that VPC in zones where FC runs, a security group, and a role that may create
 * network interfaces in it. FC's answer to a VSwitch outside its zones says "vSwitch is in unsupported zone" (FC 2.0 FAQ
 * how-to-handle-the-vswitch-is-in-unsupported-zone-error); a vpcConfig takes a security group (Terraform's
 * alicloud_fc_service: vpc_config.security_group_id Required). Their error codes are not documented: InvalidArgument,
 * FC's code for an invalid parameter (FC error codes, help.aliyun.com/document_detail/52736).
 */
function checkVpc(env: FcEnv, record: ServiceRecord): void {
  const vpc = record.vpcConfig;
  if (!vpc || (!vpc.vpcId && vpc.vSwitchIds.length === 0)) return;
  for (const id of vpc.vSwitchIds) {
    const vSwitch = env.account.vSwitches.find((v) => v.vSwitchId === id);
    if (!vSwitch) throw fcErrors.invalidArgument(`vSwitch '${id}' does not exist`);
    if (vSwitch.vpcId !== vpc.vpcId) throw fcErrors.invalidArgument(`vSwitch '${id}' does not belong to VPC '${vpc.vpcId}'`);
    if (!env.account.fcAvailableZones.includes(vSwitch.zoneId)) {
      throw fcErrors.invalidArgument(`vSwitch is in unsupported zone: vSwitch '${id}' is in ${vSwitch.zoneId}; available zones: ${env.account.fcAvailableZones.join(', ')}`);
    }
  }
  if (!vpc.securityGroupId) throw fcErrors.invalidArgument('vpcConfig.securityGroupId is required with a vpcConfig');
  if (!record.role) throw fcErrors.invalidArgument('a service with vpcConfig needs a role that may create network interfaces');
}

/**
 * A service's role is a RAM role of the account that FC assumes, named by its ARN acs:ram::<account>:role/<name>
 * (CreateService's role; FC's default, acs:ram::<account>:role/aliyunfcdefaultrole, GetAccountSettings). FC's answer to
 * a role that does not exist is not documented: the closest documented one is InvalidArgument, 400 (FC error codes,
 * help.aliyun.com/document_detail/52736: "the specified parameter is invalid").
 */
function checkRole(env: FcEnv, record: ServiceRecord): void {
  if (!record.role) return;
  const match = /^acs:ram::(\d+):role\/(.+)$/i.exec(record.role);
  const role = match && match[1] === env.account.accountId ? roleNamed(env.store, match[2]!) : undefined;
  if (!role) throw fcErrors.invalidArgument(`role '${record.role}' does not exist in this account, so FC cannot assume it`);
}

export async function listServices({ env }: FcCall): Promise<FcAnswer> {
  return ok({ services: [...env.store.state.services.values()], nextToken: '' });
}

export async function createService(call: FcCall): Promise<FcAnswer> {
  const { state } = call.env.store;
  const body = call.json;
  const name = body.serviceName as string;
  if (state.services.has(name)) throw fcErrors.serviceExists(name);
  const record: ServiceRecord = { serviceName: name, serviceId: randomUUID(), description: '', role: '', internetAccess: true, tags: newTags(), createdTime: now(), lastModifiedTime: now() };
  applyServiceFields(record, body);
  checkVpc(call.env, record);
  checkRole(call.env, record);
  checkLogConfig(call.env, record);
  state.services.set(name, record);
  call.env.store.save();
  return ok(record);
}

export async function getService({ env, path }: FcCall<'serviceName'>): Promise<FcAnswer> {
  return ok(serviceOf(env, path.serviceName));
}

export async function updateService(call: FcCall<'serviceName'>): Promise<FcAnswer> {
  const { env, path } = call;
  const next = { ...serviceOf(env, path.serviceName) };
  applyServiceFields(next, call.json);
  checkVpc(env, next);
  checkRole(env, next);
  checkLogConfig(env, next);
  next.lastModifiedTime = now();
  env.store.state.services.set(path.serviceName, next);
  env.store.save();
  return ok(next);
}

export async function deleteService({ env, path }: FcCall<'serviceName'>): Promise<FcAnswer> {
  const service = path.serviceName;
  const { state } = env.store;
  serviceOf(env, service);
  if ((state.functions.get(service)?.size ?? 0) > 0) throw fcErrors.serviceNotEmpty(service);
  state.services.delete(service);
  state.functions.delete(service);
  state.triggers.delete(service);
  env.store.save();
  return noContent();
}
