import { randomUUID } from 'node:crypto';
import { fcErrors } from './errors.js';
import { noContent, now, ok, serviceOf, type FcAnswer, type FcCall, type FcEnv } from './fc-context.js';
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

/** A VPC config names VSwitches of that VPC, and a role that may create network interfaces in it. */
function checkVpc(env: FcEnv, record: ServiceRecord): void {
  const vpc = record.vpcConfig;
  if (!vpc || (!vpc.vpcId && vpc.vSwitchIds.length === 0)) return;
  for (const id of vpc.vSwitchIds) {
    const vSwitch = env.account.vSwitches.find((v) => v.vSwitchId === id);
    if (!vSwitch) throw fcErrors.invalidArgument(`vSwitch '${id}' does not exist`);
    if (vSwitch.vpcId !== vpc.vpcId) throw fcErrors.invalidArgument(`vSwitch '${id}' does not belong to VPC '${vpc.vpcId}'`);
  }
  if (!record.role) throw fcErrors.invalidArgument('a service with vpcConfig needs a role that may create network interfaces');
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
