import { randomUUID } from 'node:crypto';
import type { KafkaTriggerSpec } from '../contracts.js';
import { fcErrors } from './errors.js';
import { functionOf, noContent, now, ok, triggerOf, type FcAnswer, type FcCall, type FcEnv } from './fc-context.js';
import { currentFunction } from './fc-functions.js';
import { kafkaTriggerSpec } from './fc-trigger-config.js';
import { tableIn, type TriggerRecord } from './state-store.js';
import { topicRunning } from './topic-readiness.js';

type FunctionPath = 'serviceName' | 'functionName';
type TriggerPath = FunctionPath | 'triggerName';

const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);

function triggerSpecOf(env: FcEnv, service: string, fn: string, trigger: TriggerRecord): KafkaTriggerSpec {
  return kafkaTriggerSpec({ serviceName: service, functionName: fn, triggerName: trigger.triggerName }, trigger.triggerConfig, (id) =>
    id === env.account.instance.instanceId ? env.broker.bootstrapServers : undefined,
  );
}

/**
 * A trigger's event stream reads its source topic and writes its dead-letter topic, which must be running (GetTopicList
 * Status 0, topic-readiness.ts). What FC answers for a topic still being created is not documented: InvalidArgument,
 * FC's code for an invalid parameter, as for a topic that does not exist.
 */
function checkTopicsRunning(env: FcEnv, spec: KafkaTriggerSpec): void {
  const instanceId = spec.instanceId ?? env.account.instance.instanceId;
  const records = env.store.state.topics.get(instanceId);
  for (const topic of [spec.topic, spec.deadLetterTopic]) {
    if (topic && !topicRunning(env.account, records?.get(topic))) {
      throw fcErrors.invalidArgument(`triggerConfig is invalid: the topic '${topic}' of instance ${instanceId} is not running yet (it is being created)`);
    }
  }
}

/** Starts the local consumers of every saved Kafka trigger (on server start). */
export async function resumeTriggers(env: FcEnv): Promise<void> {
  if (!env.runtime) return;
  for (const [service, byFunction] of env.store.state.triggers) {
    for (const [fn, triggers] of byFunction) {
      for (const trigger of triggers.values()) {
        if (trigger.triggerType !== 'eventbridge') continue;
        await env.runtime.startTrigger(triggerSpecOf(env, service, fn, trigger), () => currentFunction(env, service, fn));
      }
    }
  }
}

export async function listTriggers({ env, path }: FcCall<FunctionPath>): Promise<FcAnswer> {
  functionOf(env, path.serviceName, path.functionName);
  return ok({ triggers: [...(env.store.state.triggers.get(path.serviceName)?.get(path.functionName)?.values() ?? [])], nextToken: '' });
}

function newTrigger(body: Readonly<Record<string, unknown>>, fn: string, existing: Map<string, TriggerRecord> | undefined): TriggerRecord {
  const name = body.triggerName as string;
  if (existing?.has(name)) throw fcErrors.triggerExists(name, fn);
  if (body.triggerType !== 'eventbridge') throw fcErrors.invalidArgument(`triggerType ${JSON.stringify(body.triggerType)} is not supported locally (eventbridge)`);
  return {
    triggerName: name, triggerId: randomUUID(), triggerType: 'eventbridge', description: text(body.description, ''),
    invocationRole: text(body.invocationRole, ''), qualifier: text(body.qualifier, 'LATEST'),
    sourceArn: text(body.sourceArn, ''), triggerConfig: body.triggerConfig as string, createdTime: now(), lastModifiedTime: now(),
  };
}

/** Creates an `eventbridge` trigger with a Kafka source; its topic must exist, and its consumers start at once. */
export async function createTrigger(call: FcCall<FunctionPath>): Promise<FcAnswer> {
  const { env, path } = call;
  const { serviceName: service, functionName: fn } = path;
  functionOf(env, service, fn);
  const { state } = env.store;
  const record = newTrigger(call.json, fn, state.triggers.get(service)?.get(fn));
  const spec = triggerSpecOf(env, service, fn, record);
  if (!(await env.broker.describeTopic(spec.topic))) {
    throw fcErrors.invalidArgument(`triggerConfig is invalid: the topic '${spec.topic}' does not exist in instance ${env.account.instance.instanceId}`);
  }
  checkTopicsRunning(env, spec);
  tableIn(tableIn(state.triggers, service), fn).set(record.triggerName, record);
  env.store.save();
  await env.runtime?.startTrigger(spec, () => currentFunction(env, service, fn));
  return ok(record);
}

export async function getTrigger({ env, path }: FcCall<TriggerPath>): Promise<FcAnswer> {
  return ok(triggerOf(env, path.serviceName, path.functionName, path.triggerName));
}

/** Updates a trigger and restarts its consumers with the new spec. */
export async function updateTrigger(call: FcCall<TriggerPath>): Promise<FcAnswer> {
  const { env, path } = call;
  const { serviceName: service, functionName: fn, triggerName: trigger } = path;
  const record = triggerOf(env, service, fn, trigger);
  const body = call.json;
  const next = { ...record, lastModifiedTime: now() };
  if (typeof body.triggerConfig === 'string') next.triggerConfig = body.triggerConfig;
  if (typeof body.description === 'string') next.description = body.description;
  if (typeof body.invocationRole === 'string') next.invocationRole = body.invocationRole;
  const spec = triggerSpecOf(env, service, fn, next);
  checkTopicsRunning(env, spec);
  tableIn(tableIn(env.store.state.triggers, service), fn).set(trigger, next);
  env.store.save();
  await env.runtime?.startTrigger(spec, () => currentFunction(env, service, fn));
  return ok(next);
}

export async function deleteTrigger({ env, path }: FcCall<TriggerPath>): Promise<FcAnswer> {
  const { serviceName: service, functionName: fn, triggerName: trigger } = path;
  triggerOf(env, service, fn, trigger);
  await env.runtime?.stopTrigger(service, fn, trigger);
  env.store.state.triggers.get(service)?.get(fn)?.delete(trigger);
  env.store.save();
  return noContent();
}
