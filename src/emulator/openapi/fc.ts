import { randomUUID } from 'node:crypto';
import type { BrokerAdmin, FcRuntime, FunctionSpec } from '../contracts.js';
import { ApiError } from './api-error.js';
import { codeRootFor, unpackCode } from './fc-code.js';
import { handleFcTags } from './fc-tags.js';
import { kafkaTriggerSpec } from './fc-trigger-config.js';
import type { LocalAccount } from './local-account.js';
import type { FunctionRecord, ServiceRecord, StateStore, TriggerRecord } from './state-store.js';

export interface FcContext {
  method: string;
  /** Decoded path segments after /2021-04-06/. */
  segments: string[];
  /** Decoded query parameters. */
  query?: Record<string, string>;
  body: Buffer;
  account: LocalAccount;
  store: StateStore;
  broker: BrokerAdmin;
  dataDir: string;
  runtime?: FcRuntime;
}

/** A JSON answer, or raw bytes for invocations. */
export type FcAnswer = { status: number; json: unknown } | { status: number; raw: Buffer; headers: Record<string, string> };

const fcError = (status: number, code: string, message: string) => new ApiError(status, code, message, 'fc');
const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const RUNTIMES = new Set(['nodejs12', 'nodejs14', 'nodejs16', 'nodejs18', 'nodejs20', 'custom', 'custom.debian10']);
const now = () => new Date().toISOString();

function json(ctx: FcContext): Record<string, unknown> {
  if (ctx.body.length === 0) return {};
  try {
    const value = JSON.parse(ctx.body.toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  throw fcError(400, 'InvalidArgument', 'The request body must be a JSON object.');
}

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || !NAME_RULE.test(name)) {
    throw fcError(400, 'InvalidArgument', `${kind} name ${JSON.stringify(name)} must start with a letter or "_" and hold 1–128 letters, digits, "_" and "-".`);
  }
  return name;
}

function serviceOf(ctx: FcContext, name: string): ServiceRecord {
  const service = ctx.store.state.services[name];
  if (!service) throw fcError(404, 'ServiceNotFound', `service '${name}' does not exist`);
  return service;
}

function functionOf(ctx: FcContext, service: string, name: string): FunctionRecord {
  serviceOf(ctx, service);
  const fn = ctx.store.state.functions[service]?.[name];
  if (!fn) throw fcError(404, 'FunctionNotFound', `function '${name}' does not exist in service '${service}'`);
  return fn;
}

function triggerOf(ctx: FcContext, service: string, fn: string, name: string): TriggerRecord {
  functionOf(ctx, service, fn);
  const trigger = ctx.store.state.triggers[service]?.[fn]?.[name];
  if (!trigger) throw fcError(404, 'TriggerNotFound', `trigger '${name}' does not exist in service '${service}' function '${fn}'`);
  return trigger;
}

export function functionSpec(serviceName: string, fn: FunctionRecord): FunctionSpec {
  return {
    serviceName,
    functionName: fn.functionName,
    codeDir: fn.codeDir,
    handler: fn.handler,
    runtime: fn.runtime,
    timeoutSeconds: fn.timeout,
    memorySizeMB: fn.memorySize,
    environmentVariables: fn.environmentVariables,
  };
}

const functionView = ({ codeDir: _codeDir, ...view }: FunctionRecord) => view;

function applyServiceFields(record: ServiceRecord, body: Record<string, unknown>): void {
  if (typeof body.description === 'string') record.description = body.description;
  if (typeof body.role === 'string') record.role = body.role;
  if (typeof body.internetAccess === 'boolean') record.internetAccess = body.internetAccess;
  if (body.vpcConfig && typeof body.vpcConfig === 'object') {
    const vpc = body.vpcConfig as { vpcId?: string; vSwitchIds?: string[]; securityGroupId?: string };
    record.vpcConfig = { vpcId: vpc.vpcId ?? '', vSwitchIds: vpc.vSwitchIds ?? [], securityGroupId: vpc.securityGroupId ?? '' };
  }
}

function checkVpc(ctx: FcContext, record: ServiceRecord): void {
  const vpc = record.vpcConfig;
  if (!vpc || (!vpc.vpcId && vpc.vSwitchIds.length === 0)) return;
  for (const id of vpc.vSwitchIds) {
    const vSwitch = ctx.account.vSwitches.find((v) => v.vSwitchId === id);
    if (!vSwitch) throw fcError(400, 'InvalidArgument', `vSwitch '${id}' does not exist`);
    if (vSwitch.vpcId !== vpc.vpcId) throw fcError(400, 'InvalidArgument', `vSwitch '${id}' does not belong to VPC '${vpc.vpcId}'`);
  }
  if (!record.role) throw fcError(400, 'InvalidArgument', 'a service with vpcConfig needs a role that may create network interfaces');
}

async function applyFunctionFields(ctx: FcContext, service: string, record: FunctionRecord, body: Record<string, unknown>): Promise<void> {
  if (typeof body.description === 'string') record.description = body.description;
  if (body.runtime !== undefined) {
    if (typeof body.runtime !== 'string' || !RUNTIMES.has(body.runtime)) throw fcError(400, 'InvalidArgument', `runtime ${JSON.stringify(body.runtime)} is not supported locally (${[...RUNTIMES].join(', ')})`);
    record.runtime = body.runtime;
  }
  if (typeof body.handler === 'string') record.handler = body.handler;
  if (body.timeout !== undefined) {
    if (!Number.isInteger(body.timeout) || (body.timeout as number) < 1 || (body.timeout as number) > 86400) throw fcError(400, 'InvalidArgument', `timeout must be 1–86400 seconds (got ${JSON.stringify(body.timeout)})`);
    record.timeout = body.timeout as number;
  }
  if (body.memorySize !== undefined) {
    if (!Number.isInteger(body.memorySize) || (body.memorySize as number) < 128 || (body.memorySize as number) > 32768) throw fcError(400, 'InvalidArgument', `memorySize must be 128–32768 MB (got ${JSON.stringify(body.memorySize)})`);
    record.memorySize = body.memorySize as number;
  }
  if (body.environmentVariables !== undefined) {
    const env = body.environmentVariables as Record<string, unknown>;
    if (typeof env !== 'object' || env === null || Object.values(env).some((v) => typeof v !== 'string')) throw fcError(400, 'InvalidArgument', 'environmentVariables must map names to strings');
    record.environmentVariables = env as Record<string, string>;
  }
  const code = body.code as { zipFile?: string } | undefined;
  if (code?.zipFile) {
    const unpacked = await unpackCode(code.zipFile, codeRootFor(ctx.dataDir, service, record.functionName));
    Object.assign(record, unpacked);
  }
}

function triggerSpecOf(ctx: FcContext, service: string, fn: string, trigger: TriggerRecord) {
  return kafkaTriggerSpec({ serviceName: service, functionName: fn, triggerName: trigger.triggerName }, trigger.triggerConfig, (id) =>
    id === ctx.account.instance.instanceId ? ctx.broker.bootstrapServers : undefined,
  );
}

/** Starts the local consumers of every saved Kafka trigger (on server start). */
export async function resumeTriggers(ctx: Omit<FcContext, 'method' | 'segments' | 'body'>): Promise<void> {
  if (!ctx.runtime) return;
  for (const [service, byFunction] of Object.entries(ctx.store.state.triggers)) {
    for (const [fn, triggers] of Object.entries(byFunction)) {
      for (const trigger of Object.values(triggers)) {
        if (trigger.triggerType !== 'eventbridge') continue;
        const full = { ...ctx, method: 'GET', segments: [], body: Buffer.alloc(0) };
        const spec = triggerSpecOf(full, service, fn, trigger);
        await ctx.runtime.startTrigger(spec, () => currentFunction(full, service, fn));
      }
    }
  }
}

function currentFunction(ctx: FcContext, service: string, fn: string): FunctionSpec | undefined {
  const record = ctx.store.state.functions[service]?.[fn];
  return record ? functionSpec(service, record) : undefined;
}

/** Routes one FC 2021-04-06 call: /services[/s[/functions[/f[/triggers[/t]|/invocations]]]]. */
export async function handleFc(ctx: FcContext): Promise<FcAnswer> {
  const [root, service, sub, fn, leaf, trigger, ...rest] = ctx.segments;
  const m = ctx.method;
  const { state } = ctx.store;
  if ((root === 'tag' || root === 'tags') && service === undefined) {
    const tagContext = { method: m, query: ctx.query ?? {}, body: json(ctx), store: ctx.store, regionId: ctx.account.regionId, accountId: ctx.account.accountId };
    return handleFcTags(tagContext, root);
  }
  if (root !== 'services' || rest.length > 0) throw fcError(404, 'PathNotSupported', `the path /${ctx.segments.join('/')} is not an FC 2021-04-06 resource`);

  if (service === undefined) {
    if (m === 'GET') return { status: 200, json: { services: Object.values(state.services), nextToken: '' } };
    if (m !== 'POST') throw fcError(405, 'MethodNotAllowed', `${m} is not allowed on /services`);
    const body = json(ctx);
    const name = checkName('service', body.serviceName);
    if (state.services[name]) throw fcError(409, 'ServiceAlreadyExists', `service '${name}' already exists`);
    const record: ServiceRecord = { serviceName: name, serviceId: randomUUID(), description: '', role: '', internetAccess: true, tags: {}, createdTime: now(), lastModifiedTime: now() };
    applyServiceFields(record, body);
    checkVpc(ctx, record);
    state.services[name] = record;
    ctx.store.save();
    return { status: 200, json: record };
  }

  if (sub === undefined) {
    const record = serviceOf(ctx, service);
    if (m === 'GET') return { status: 200, json: record };
    if (m === 'PUT') {
      const next = { ...record };
      applyServiceFields(next, json(ctx));
      checkVpc(ctx, next);
      next.lastModifiedTime = now();
      state.services[service] = next;
      ctx.store.save();
      return { status: 200, json: next };
    }
    if (m === 'DELETE') {
      if (Object.keys(state.functions[service] ?? {}).length > 0) throw fcError(412, 'ServiceNotEmpty', `service '${service}' still has functions; delete them first`);
      delete state.services[service];
      delete state.functions[service];
      delete state.triggers[service];
      ctx.store.save();
      return { status: 204, json: {} };
    }
    throw fcError(405, 'MethodNotAllowed', `${m} is not allowed on a service`);
  }
  if (sub !== 'functions') throw fcError(404, 'PathNotSupported', `/services/${service}/${sub} is not supported`);

  if (fn === undefined) {
    serviceOf(ctx, service);
    if (m === 'GET') return { status: 200, json: { functions: Object.values(state.functions[service] ?? {}).map(functionView), nextToken: '' } };
    if (m !== 'POST') throw fcError(405, 'MethodNotAllowed', `${m} is not allowed on /functions`);
    const body = json(ctx);
    const name = checkName('function', body.functionName);
    if (state.functions[service]?.[name]) throw fcError(409, 'FunctionAlreadyExists', `function '${name}' already exists in service '${service}'`);
    if (!(body.code as { zipFile?: string } | undefined)?.zipFile) throw fcError(400, 'InvalidArgument', 'code.zipFile is required');
    if (typeof body.runtime !== 'string' || typeof body.handler !== 'string') throw fcError(400, 'InvalidArgument', 'runtime and handler are required');
    const record: FunctionRecord = {
      functionName: name, functionId: randomUUID(), description: '', runtime: '', handler: '', timeout: 3, memorySize: 128,
      environmentVariables: {}, codeSize: 0, codeChecksum: '', codeDir: '', createdTime: now(), lastModifiedTime: now(),
    };
    await applyFunctionFields(ctx, service, record, body);
    (state.functions[service] ??= {})[name] = record;
    ctx.store.save();
    return { status: 200, json: functionView(record) };
  }

  if (leaf === undefined) {
    const record = functionOf(ctx, service, fn);
    if (m === 'GET') return { status: 200, json: functionView(record) };
    if (m === 'PUT') {
      const next = { ...record };
      await applyFunctionFields(ctx, service, next, json(ctx));
      next.lastModifiedTime = now();
      state.functions[service]![fn] = next;
      ctx.store.save();
      return { status: 200, json: functionView(next) };
    }
    if (m === 'DELETE') {
      if (Object.keys(state.triggers[service]?.[fn] ?? {}).length > 0) throw fcError(412, 'FunctionNotEmpty', `function '${fn}' still has triggers; delete them first`);
      delete state.functions[service]![fn];
      ctx.store.save();
      return { status: 204, json: {} };
    }
    throw fcError(405, 'MethodNotAllowed', `${m} is not allowed on a function`);
  }

  if (leaf === 'invocations' && trigger === undefined) {
    if (m !== 'POST') throw fcError(405, 'MethodNotAllowed', `${m} is not allowed on invocations`);
    const record = functionOf(ctx, service, fn);
    if (!ctx.runtime) throw fcError(503, 'ServiceUnavailable', 'the local function runtime is not running');
    const result = await ctx.runtime.invoke(functionSpec(service, record), ctx.body);
    const headers: Record<string, string> = { 'x-fc-request-id': result.requestId, 'content-type': 'application/octet-stream' };
    if (result.status === 'error') headers['x-fc-error-type'] = 'UnhandledInvocationError';
    return { status: 200, raw: Buffer.from(result.payload), headers };
  }
  if (leaf !== 'triggers') throw fcError(404, 'PathNotSupported', `/functions/${fn}/${leaf} is not supported`);

  if (trigger === undefined) {
    functionOf(ctx, service, fn);
    if (m === 'GET') return { status: 200, json: { triggers: Object.values(state.triggers[service]?.[fn] ?? {}), nextToken: '' } };
    if (m !== 'POST') throw fcError(405, 'MethodNotAllowed', `${m} is not allowed on /triggers`);
    const body = json(ctx);
    const name = checkName('trigger', body.triggerName);
    if (state.triggers[service]?.[fn]?.[name]) throw fcError(409, 'TriggerAlreadyExists', `trigger '${name}' already exists in function '${fn}'`);
    if (body.triggerType !== 'eventbridge') throw fcError(400, 'InvalidArgument', `triggerType ${JSON.stringify(body.triggerType)} is not supported locally (eventbridge)`);
    if (typeof body.triggerConfig !== 'string') throw fcError(400, 'InvalidArgument', 'triggerConfig must be a JSON string');
    const record: TriggerRecord = {
      triggerName: name, triggerId: randomUUID(), triggerType: 'eventbridge', description: typeof body.description === 'string' ? body.description : '',
      invocationRole: typeof body.invocationRole === 'string' ? body.invocationRole : '', qualifier: typeof body.qualifier === 'string' ? body.qualifier : 'LATEST',
      sourceArn: typeof body.sourceArn === 'string' ? body.sourceArn : '', triggerConfig: body.triggerConfig, createdTime: now(), lastModifiedTime: now(),
    };
    const spec = triggerSpecOf(ctx, service, fn, record);
    const topic = await ctx.broker.describeTopic(spec.topic);
    if (!topic) throw fcError(400, 'InvalidArgument', `triggerConfig is invalid: the topic '${spec.topic}' does not exist in instance ${ctx.account.instance.instanceId}`);
    ((state.triggers[service] ??= {})[fn] ??= {})[name] = record;
    ctx.store.save();
    await ctx.runtime?.startTrigger(spec, () => currentFunction(ctx, service, fn));
    return { status: 200, json: record };
  }

  const record = triggerOf(ctx, service, fn, trigger);
  if (m === 'GET') return { status: 200, json: record };
  if (m === 'PUT') {
    const body = json(ctx);
    const next = { ...record, lastModifiedTime: now() };
    if (typeof body.triggerConfig === 'string') next.triggerConfig = body.triggerConfig;
    if (typeof body.description === 'string') next.description = body.description;
    if (typeof body.invocationRole === 'string') next.invocationRole = body.invocationRole;
    const spec = triggerSpecOf(ctx, service, fn, next);
    state.triggers[service]![fn]![trigger] = next;
    ctx.store.save();
    await ctx.runtime?.startTrigger(spec, () => currentFunction(ctx, service, fn));
    return { status: 200, json: next };
  }
  if (m === 'DELETE') {
    await ctx.runtime?.stopTrigger(service, fn, trigger);
    delete state.triggers[service]![fn]![trigger];
    ctx.store.save();
    return { status: 204, json: {} };
  }
  throw fcError(405, 'MethodNotAllowed', `${m} is not allowed on a trigger`);
}
