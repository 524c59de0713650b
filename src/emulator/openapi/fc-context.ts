import type { BrokerAdmin, FcRuntime } from '../contracts.js';
import { fcErrors } from './errors.js';
import type { LocalAccount } from './local-account.js';
import type { FunctionRecord, ServiceRecord, StateStore, TriggerRecord } from './state-store.js';

/** What every FC operation may use: the account, the saved state, the broker and the function runtime. */
export interface FcEnv {
  account: LocalAccount;
  store: StateStore;
  broker: BrokerAdmin;
  dataDir: string;
  runtime?: FcRuntime;
  /** Whether the account has activated EventBridge, which runs eventbridge triggers (a LocalCloud option). */
  eventBridge: { activated: boolean };
}

/**
 * One call as an operation sees it: its decoded path parameters by name, query and body — the JSON body
 * already checked against the action's published rules (api-metadata/fc.ts), so required names are there.
 */
export interface FcCall<Param extends string = never> {
  env: FcEnv;
  method: string;
  path: Readonly<Record<Param, string>>;
  query: Readonly<Record<string, string>>;
  body: Buffer;
  json: Readonly<Record<string, unknown>>;
  /** Whether the call carries `x-fc-enable-eventbridge-trigger: enable`, without which eventbridge triggers are gated (fc-triggers.ts). */
  eventBridgeTriggersEnabled: boolean;
}

/** A JSON answer, or raw bytes for invocations. */
export type FcAnswer = { status: number; json: unknown } | { status: number; raw: Buffer; headers: Record<string, string> };

export const ok = (json: unknown): FcAnswer => ({ status: 200, json });
export const noContent = (): FcAnswer => ({ status: 204, json: {} });
export const now = () => new Date().toISOString();

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  throw fcErrors.bodyNotJson();
}

export function serviceOf(env: FcEnv, service: string): ServiceRecord {
  const record = env.store.state.services.get(service);
  if (!record) throw fcErrors.serviceNotFound(service);
  return record;
}

export function functionOf(env: FcEnv, service: string, fn: string): FunctionRecord {
  serviceOf(env, service);
  const record = env.store.state.functions.get(service)?.get(fn);
  if (!record) throw fcErrors.functionNotFound(fn, service);
  return record;
}

export function triggerOf(env: FcEnv, service: string, fn: string, trigger: string): TriggerRecord {
  functionOf(env, service, fn);
  const record = env.store.state.triggers.get(service)?.get(fn)?.get(trigger);
  if (!record) throw fcErrors.triggerNotFound(trigger, service, fn);
  return record;
}
