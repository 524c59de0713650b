import { randomUUID } from 'node:crypto';
import type { KafkaTriggerSpec } from '../contracts.js';
import { fcErrors } from './errors.js';
import { functionOf, noContent, now, ok, triggerOf, type FcAnswer, type FcCall, type FcEnv } from './fc-context.js';
import { currentFunction } from './fc-functions.js';
import { kafkaTriggerSpec } from './fc-trigger-config.js';
import { streamEnabled, triggerReadBack } from './fc-trigger-readback.js';
import { tableIn, type TriggerRecord } from './state-store.js';
import { topicRunning } from './topic-readiness.js';

/*
 * EventBridge triggers are behind a feature gate of FC 2021-04-06: clients send `x-fc-enable-eventbridge-trigger:
 * enable` with every call that touches one — Terraform's alicloud provider on CreateTrigger (eventbridge),
 * GetTrigger, UpdateTrigger, DeleteTrigger, ListTriggers and DeleteFunction, with the comment "TODO: delete the
 * header after eventbridge trigger is totally exposed to user" (alicloud/common.go HeaderEnableEBTrigger);
 * Serverless Devs likewise (devsapp/fc-deploy ENABLE_EB_TRIGGER_HEADER). What FC answers without it is not
 * documented. Here a call on an eventbridge trigger without it is refused (fcErrors.eventBridgeTriggerGated) and
 * ListTriggers leaves such triggers out. DeleteFunction is not gated: what the gate changes there is not known.
 */
function checkGate(call: { eventBridgeTriggersEnabled: boolean }, triggerType: unknown, what: string): void {
  if (triggerType === 'eventbridge' && !call.eventBridgeTriggersEnabled) throw fcErrors.eventBridgeTriggerGated(what);
}

/** An eventbridge trigger is an EventBridge event stream: it cannot be made or changed where EventBridge is not activated. */
function checkEventBridgeActivated(env: FcEnv, triggerType: unknown): void {
  if (triggerType === 'eventbridge' && !env.eventBridge.activated) throw fcErrors.eventBridgeNotActivated();
}

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

/** Starts the trigger's event stream, or stops it when its triggerEnable (the stream's switch) is false. */
async function applyStreamSwitch(env: FcEnv, service: string, fn: string, trigger: TriggerRecord, spec: KafkaTriggerSpec): Promise<void> {
  if (!env.runtime) return;
  if (streamEnabled(trigger.triggerConfig)) await env.runtime.startTrigger(spec, () => currentFunction(env, service, fn));
  else await env.runtime.stopTrigger(service, fn, trigger.triggerName);
}

/** Starts the local event streams of every saved Kafka trigger that is enabled (on server start). */
export async function resumeTriggers(env: FcEnv): Promise<void> {
  for (const [service, byFunction] of env.store.state.triggers) {
    for (const [fn, triggers] of byFunction) {
      for (const trigger of triggers.values()) {
        if (trigger.triggerType !== 'eventbridge') continue;
        await applyStreamSwitch(env, service, fn, trigger, triggerSpecOf(env, service, fn, trigger));
      }
    }
  }
}

/** The trigger as FC answers it: its config read back with the state of its event stream. */
function answerOf(env: FcEnv, service: string, fn: string, trigger: TriggerRecord): TriggerRecord {
  const running = env.runtime?.triggerState(service, fn, trigger.triggerName)?.state === 'running';
  return triggerReadBack(trigger, running);
}

export async function listTriggers({ env, path, eventBridgeTriggersEnabled }: FcCall<FunctionPath>): Promise<FcAnswer> {
  const { serviceName: service, functionName: fn } = path;
  functionOf(env, service, fn);
  const triggers = [...(env.store.state.triggers.get(service)?.get(fn)?.values() ?? [])].filter((t) => eventBridgeTriggersEnabled || t.triggerType !== 'eventbridge');
  return ok({ triggers: triggers.map((t) => answerOf(env, service, fn, t)), nextToken: '' });
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
  checkGate(call, call.json.triggerType, 'CreateTrigger');
  functionOf(env, service, fn);
  checkEventBridgeActivated(env, call.json.triggerType);
  const { state } = env.store;
  const record = newTrigger(call.json, fn, state.triggers.get(service)?.get(fn));
  const spec = triggerSpecOf(env, service, fn, record);
  if (!(await env.broker.describeTopic(spec.topic))) {
    throw fcErrors.invalidArgument(`triggerConfig is invalid: the topic '${spec.topic}' does not exist in instance ${env.account.instance.instanceId}`);
  }
  checkTopicsRunning(env, spec);
  tableIn(tableIn(state.triggers, service), fn).set(record.triggerName, record);
  env.store.save();
  await applyStreamSwitch(env, service, fn, record, spec);
  return ok(answerOf(env, service, fn, record));
}

export async function getTrigger(call: FcCall<TriggerPath>): Promise<FcAnswer> {
  const { env, path } = call;
  const { serviceName: service, functionName: fn, triggerName } = path;
  const record = triggerOf(env, service, fn, triggerName);
  checkGate(call, record.triggerType, 'GetTrigger');
  return ok(answerOf(env, service, fn, record));
}

/** Updates a trigger and restarts its event stream with the new spec (or stops it, when disabled). */
export async function updateTrigger(call: FcCall<TriggerPath>): Promise<FcAnswer> {
  const { env, path } = call;
  const { serviceName: service, functionName: fn, triggerName: trigger } = path;
  const record = triggerOf(env, service, fn, trigger);
  checkGate(call, record.triggerType, 'UpdateTrigger');
  checkEventBridgeActivated(env, record.triggerType);
  const body = call.json;
  const next = { ...record, lastModifiedTime: now() };
  if (typeof body.triggerConfig === 'string') next.triggerConfig = body.triggerConfig;
  if (typeof body.description === 'string') next.description = body.description;
  if (typeof body.invocationRole === 'string') next.invocationRole = body.invocationRole;
  const spec = triggerSpecOf(env, service, fn, next);
  checkTopicsRunning(env, spec);
  tableIn(tableIn(env.store.state.triggers, service), fn).set(trigger, next);
  env.store.save();
  await applyStreamSwitch(env, service, fn, next, spec);
  return ok(answerOf(env, service, fn, next));
}

export async function deleteTrigger(call: FcCall<TriggerPath>): Promise<FcAnswer> {
  const { env, path } = call;
  const { serviceName: service, functionName: fn, triggerName: trigger } = path;
  checkGate(call, triggerOf(env, service, fn, trigger).triggerType, 'DeleteTrigger');
  await env.runtime?.stopTrigger(service, fn, trigger);
  env.store.state.triggers.get(service)?.get(fn)?.delete(trigger);
  env.store.save();
  return noContent();
}
