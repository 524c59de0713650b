import { isDeepStrictEqual } from 'node:util';
import type { FunctionState } from '../cloud/fc.js';
import { CONNECTOR_TAG_KEY } from '../definition/record.js';
import { checkTopicConstraint, TOPIC_CONSTRAINTS } from '../definition/rules.js';
import type { ObservedState } from './observe.js';
import type { PlanStep } from './plan-step.js';
import { triggerDrift } from './trigger-drift.js';
import { logConfigChange } from './log-config.js';
import { BUNDLE_DIGEST_VARIABLE, SECRET_FINGERPRINT_VARIABLE, SECRET_VARIABLE, SERVICE_LINKED_ROLES, type DesiredGroup, type DesiredState, type DesiredTopic } from './resources.js';

export type { PlanStep, StepAction, StepKind } from './plan-step.js';

/** Said of a trigger whose triggerEnable reads false: its event stream is starting, or was stopped (trigger-drift.ts). */
export const STREAM_NOT_RUNNING = 'event stream not running yet (FC reads triggerEnable false until EventBridge has started it)';

/** Said instead of a verdict on the secret when a dry run was not given it. */
export const SECRET_NOT_COMPARED = 'AccessKey secret not compared (not given)';

/**
 * Compares what should exist with what does, resource by resource, in the order deploy applies them.
 * Pure: the same states always give the same plan.
 */
export function plan(desired: DesiredState, observed: ObservedState): PlanStep[] {
  return [
    ...SERVICE_LINKED_ROLES.map(({ roleName, serviceName }): PlanStep =>
      ({ kind: 'role', name: roleName, action: observed.roles[roleName] ? 'unchanged' : 'create', detail: `service-linked role of ${serviceName}` })),
    ...desired.groups.map((group) => planGroup(group, observed.groups.get(group.consumerId))),
    ...desired.topics.map((topic) => planTopic(topic, observed, desired.manualTopics)),
    { kind: 'oss', name: desired.bucket, action: 'check', detail: 'the AccessKey can put, get and delete a probe object' },
    ...planFc(desired, observed.fc),
  ];
}

function planGroup(group: DesiredGroup, tags: Record<string, string> | undefined): PlanStep {
  const step = { kind: 'group', name: group.consumerId } as const;
  const ownTag = group.tags[CONNECTOR_TAG_KEY];
  if (!tags) return { ...step, action: 'create', detail: ownTag ? 'task consumer group; records the connector' : 'connector consumer group' };
  if (ownTag && tags[CONNECTOR_TAG_KEY] !== ownTag) {
    const owner = tags[CONNECTOR_TAG_KEY] ? `connector "${tags[CONNECTOR_TAG_KEY]}"` : 'no connector';
    return { ...step, action: 'blocked', detail: `exists but belongs to ${owner}; choose another connector name` };
  }
  return { ...step, action: 'unchanged', detail: 'exists' };
}

function planTopic(topic: DesiredTopic, observed: ObservedState, manual: boolean): PlanStep {
  const step = { kind: 'topic', name: topic.name } as const;
  const actual = observed.topics.get(topic.name);
  if (!actual) {
    if (manual) return { ...step, action: 'blocked', detail: 'manual resources: the topic must exist' };
    const n = topic.partitionNum;
    return { ...step, action: 'create', detail: `${n} partition${n === 1 ? '' : 's'}, local storage${topic.compactTopic ? ', compact' : ''}` };
  }
  const verdict = checkTopicConstraint(TOPIC_CONSTRAINTS[topic.field], actual);
  if (verdict.errors.length > 0) return { ...step, action: 'blocked', detail: verdict.errors.join('; ') };
  if (verdict.warnings.length > 0) return { ...step, action: 'drift', detail: verdict.warnings.join('; ') };
  return { ...step, action: 'unchanged', detail: `exists (${actual.partitionNum} partition${actual.partitionNum === 1 ? '' : 's'})` };
}

function planFc(desired: DesiredState, fc: ObservedState['fc']): PlanStep[] {
  const names = [['service', desired.service.serviceName], ['function', desired.function.functionName], ['trigger', desired.trigger.triggerName]] as const;
  if (!fc) return names.map(([kind, name]) => ({ kind, name, action: 'create', detail: 'FC is asked once the service-linked roles name the account' }));
  return [planService(desired, fc.service), planFunction(desired, fc.function), planTrigger(desired, fc.trigger)];
}

function planService(desired: DesiredState, actual: NonNullable<ObservedState['fc']>['service']): PlanStep {
  const { serviceName, vpcConfig } = desired.service;
  const step = { kind: 'service', name: serviceName } as const;
  if (!actual) return { ...step, action: 'create', detail: `VPC ${vpcConfig?.vpcId} / ${vpcConfig?.vSwitchIds.join(',')}` };
  if (!isDeepStrictEqual(actual.vpcConfig ?? null, vpcConfig ?? null)) {
    return { ...step, action: 'update', detail: `VPC config differs (has ${JSON.stringify(actual.vpcConfig ?? null)})` };
  }
  const logs = logConfigChange(desired.service.logConfig, actual.logConfig);
  if (logs) return { ...step, action: 'update', detail: logs };
  return { ...step, action: 'unchanged', detail: 'exists' };
}

function planFunction(desired: DesiredState, actual: FunctionState | undefined): PlanStep {
  const fn = desired.function;
  const step = { kind: 'function', name: fn.functionName } as const;
  if (!actual) {
    return { ...step, action: 'create', detail: `${fn.runtime}, ${fn.memorySize} MB, sink bundle ${fn.zip ? `${Math.round(fn.zip.length / 1024)} KiB` : ''}`.trim() };
  }
  const differences = functionDifferences(desired, actual);
  const secretNote = desired.accessKeySecretGiven ? [] : [SECRET_NOT_COMPARED];
  if (differences.length > 0) return { ...step, action: 'update', detail: [...differences, ...secretNote].join('; ') };
  return { ...step, action: 'unchanged', detail: ['code and settings match', ...secretNote].join('; ') };
}

/** What the function would change, in words. The secret is never read back: its fingerprint stands for it. */
function functionDifferences(desired: DesiredState, actual: FunctionState): string[] {
  const fn = desired.function;
  const differences: string[] = [];
  for (const field of ['runtime', 'handler', 'timeout', 'memorySize'] as const) {
    if (actual[field] !== fn[field]) differences.push(`${field} ${JSON.stringify(actual[field])} → ${JSON.stringify(fn[field])}`);
  }
  for (const [name, value] of Object.entries(fn.environmentVariables)) {
    if (name === SECRET_VARIABLE || actual.environment[name] === value) continue;
    if (name === SECRET_FINGERPRINT_VARIABLE) differences.push('AccessKey secret changed');
    else if (name === BUNDLE_DIGEST_VARIABLE) differences.push('sink code changed');
    else differences.push(`${name} changed`);
  }
  return differences;
}

function planTrigger(desired: DesiredState, actual: NonNullable<ObservedState['fc']>['trigger']): PlanStep {
  const trigger = desired.trigger;
  const step = { kind: 'trigger', name: trigger.triggerName } as const;
  if (!actual) return { ...step, action: 'create', detail: 'eventbridge, Kafka source' };
  const { differences, streamNotRunning } = triggerDrift(trigger.triggerConfig, actual.triggerConfig);
  if (differences.length > 0) return { ...step, action: 'update', detail: `trigger config differs: ${differences.join('; ')}` };
  return { ...step, action: 'unchanged', detail: streamNotRunning ? `exists; ${STREAM_NOT_RUNNING}` : 'exists' };
}
