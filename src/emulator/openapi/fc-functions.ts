import { randomUUID } from 'node:crypto';
import type { FunctionSpec, LogTarget } from '../contracts.js';
import { fcErrors } from './errors.js';
import { codeRootFor, unpackCode } from './fc-code.js';
import { logTargetOf } from './fc-log-config.js';
import { functionOf, noContent, now, ok, serviceOf, type FcAnswer, type FcCall, type FcEnv } from './fc-context.js';
import { tableIn, type FunctionRecord } from './state-store.js';

type FunctionPath = 'serviceName' | 'functionName';

export function functionSpec(serviceName: string, fn: FunctionRecord, logConfig?: LogTarget): FunctionSpec {
  return {
    ...(logConfig ? { logConfig } : {}),
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

/** The function as it is now, for a trigger that outlives an update (undefined once deleted). */
export function currentFunction(env: FcEnv, service: string, fn: string): FunctionSpec | undefined {
  const record = env.store.state.functions.get(service)?.get(fn);
  return record ? functionSpec(service, record, logTargetOf(env, service)) : undefined;
}

const functionView = ({ codeDir: _codeDir, ...view }: FunctionRecord) => view;

/** Applies a checked body (types, ranges and the runtime list per api-metadata/fc.ts). */
async function applyFunctionFields(env: FcEnv, service: string, record: FunctionRecord, body: Readonly<Record<string, unknown>>): Promise<void> {
  if (typeof body.description === 'string') record.description = body.description;
  if (typeof body.runtime === 'string') record.runtime = body.runtime;
  if (typeof body.handler === 'string') record.handler = body.handler;
  if (typeof body.timeout === 'number') record.timeout = body.timeout;
  if (typeof body.memorySize === 'number') record.memorySize = body.memorySize;
  if (body.environmentVariables !== undefined) {
    const vars = body.environmentVariables as Record<string, unknown>;
    if (Object.values(vars).some((v) => typeof v !== 'string')) throw fcErrors.invalidArgument('environmentVariables must map names to strings');
    record.environmentVariables = vars as Record<string, string>;
  }
  const code = body.code as { zipFile?: string } | undefined;
  if (code?.zipFile) Object.assign(record, await unpackCode(code.zipFile, codeRootFor(env.dataDir, service, record.functionName)));
}

export async function listFunctions({ env, path }: FcCall<'serviceName'>): Promise<FcAnswer> {
  serviceOf(env, path.serviceName);
  return ok({ functions: [...(env.store.state.functions.get(path.serviceName)?.values() ?? [])].map(functionView), nextToken: '' });
}

export async function createFunction(call: FcCall<'serviceName'>): Promise<FcAnswer> {
  const { env, path } = call;
  const service = path.serviceName;
  serviceOf(env, service);
  const body = call.json;
  const name = body.functionName as string;
  if (env.store.state.functions.get(service)?.has(name)) throw fcErrors.functionExists(name, service);
  if (!(body.code as { zipFile?: string } | undefined)?.zipFile) throw fcErrors.invalidArgument('code.zipFile is required (the local cloud takes code as a zip, not from OSS or an image)');
  const record: FunctionRecord = {
    functionName: name, functionId: randomUUID(), description: '', runtime: '', handler: '', timeout: 3, memorySize: 128,
    environmentVariables: {}, codeSize: 0, codeChecksum: '', codeDir: '', createdTime: now(), lastModifiedTime: now(),
  };
  await applyFunctionFields(env, service, record, body);
  tableIn(env.store.state.functions, service).set(name, record);
  env.store.save();
  return ok(functionView(record));
}

export async function getFunction({ env, path }: FcCall<FunctionPath>): Promise<FcAnswer> {
  return ok(functionView(functionOf(env, path.serviceName, path.functionName)));
}

export async function updateFunction(call: FcCall<FunctionPath>): Promise<FcAnswer> {
  const { env, path } = call;
  const next = { ...functionOf(env, path.serviceName, path.functionName) };
  await applyFunctionFields(env, path.serviceName, next, call.json);
  next.lastModifiedTime = now();
  tableIn(env.store.state.functions, path.serviceName).set(path.functionName, next);
  env.store.save();
  return ok(functionView(next));
}

export async function deleteFunction({ env, path }: FcCall<FunctionPath>): Promise<FcAnswer> {
  const { serviceName: service, functionName: fn } = path;
  functionOf(env, service, fn);
  if ((env.store.state.triggers.get(service)?.get(fn)?.size ?? 0) > 0) throw fcErrors.functionNotEmpty(fn);
  env.store.state.functions.get(service)?.delete(fn);
  env.store.save();
  return noContent();
}

/** A synchronous invocation: the function's answer as raw bytes, an unhandled error flagged by header as FC does. */
export async function invokeFunction({ env, path, body }: FcCall<FunctionPath>): Promise<FcAnswer> {
  const record = functionOf(env, path.serviceName, path.functionName);
  if (!env.runtime) throw fcErrors.runtimeUnavailable();
  const result = await env.runtime.invoke(functionSpec(path.serviceName, record, logTargetOf(env, path.serviceName)), body);
  const headers: Record<string, string> = { 'x-fc-request-id': result.requestId, 'content-type': 'application/octet-stream' };
  if (result.status === 'error') headers['x-fc-error-type'] = 'UnhandledInvocationError';
  return { status: 200, raw: Buffer.from(result.payload), headers };
}
