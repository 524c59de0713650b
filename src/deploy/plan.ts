import { isDeepStrictEqual } from 'node:util';
import type { FunctionState } from '../cloud/fc.js';
import { CONNECTOR_TAG_KEY } from '../definition/record.js';
import { checkTopicConstraint, TOPIC_CONSTRAINTS } from '../definition/rules.js';
import type { ObservedState } from './observe.js';
import type { PlanStep } from './plan-step.js';
import { triggerDrift } from './trigger-drift.js';
import { logConfigChange } from './log-config.js';
import { planBucket, planFcAccount, planInstance, vpcProblem } from './plan-prerequisites.js';
import { fcReachable, type DeployObservation } from './prerequisites.js';
import { BUNDLE_DIGEST_VARIABLE, FC_SERVICE_ROLE, SECRET_FINGERPRINT_VARIABLE, SECRET_VARIABLE, SERVICE_LINKED_ROLES, type DesiredGroup, type DesiredState, type DesiredTopic } from './resources.js';

export type { PlanStep, StepAction, StepKind } from './plan-step.js';
export { STANDARD_EDITION_NOTE } from './plan-prerequisites.js';

/** Said of a trigger whose triggerEnable reads false: its event stream is starting, or was stopped (trigger-drift.ts). */
export const STREAM_NOT_RUNNING = 'event stream not running yet (FC reads triggerEnable false until EventBridge has started it)';

/** Said instead of a verdict on the secret when a dry run was not given it. */
export const SECRET_NOT_COMPARED = 'AccessKey secret not compared (not given)';

/**
 * Compares what should exist with what does, resource by resource, in the order deploy applies them.
 * Pure: the same states always give the same plan.
 */
export function plan(desired: DesiredState, observed: DeployObservation): PlanStep[] {
  return [
    planInstance(desired, observed.prerequisites),
    ...SERVICE_LINKED_ROLES.map(({ roleName, serviceName }): PlanStep =>
      ({ kind: 'role', name: roleName, action: observed.roles[roleName] ? 'unchanged' : 'create', detail: `service-linked role of ${serviceName}` })),
    planFcServiceRole(observed),
    ...desired.groups.map((group) => planGroup(group, observed.groups.get(group.consumerId))),
    ...desired.topics.map((topic) => planTopic(topic, observed, desired)),
    planBucket(desired, observed.prerequisites),
    ...planFc(desired, observed),
  ];
}

function planFcServiceRole(observed: ObservedState): PlanStep {
  const { roleName, policyName } = FC_SERVICE_ROLE;
  const step = { kind: 'role', name: roleName } as const;
  if (observed.roles[roleName]) return { ...step, action: 'unchanged', detail: "FC's service role (aliyunfcdefaultrole)" };
  return { ...step, action: 'create', detail: `FC's service role: trusts fc.aliyuncs.com, with the system policy ${policyName}` };
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

const partitionsText = (n: number) => `${n} partition${n === 1 ? '' : 's'}`;

function planTopic(topic: DesiredTopic, observed: ObservedState, desired: DesiredState): PlanStep {
  const step = { kind: 'topic', name: topic.name } as const;
  const actual = observed.topics.get(topic.name);
  if (!actual) {
    if (desired.manualTopics) return { ...step, action: 'blocked', detail: 'manual resources: the topic must exist' };
    return { ...step, action: 'create', detail: `${partitionsText(topic.partitionNum)}, ${topic.localTopic ? 'local' : 'cloud'} storage${topic.compactTopic ? ', compact' : ''}` };
  }
  const verdict = checkTopicConstraint(TOPIC_CONSTRAINTS[topic.field], actual, desired.edition);
  if (verdict.errors.length > 0) return { ...step, action: 'blocked', detail: verdict.errors.join('; ') };
  if (verdict.warnings.length > 0) return { ...step, action: 'drift', detail: verdict.warnings.join('; ') };
  return { ...step, action: 'unchanged', detail: `exists (${partitionsText(actual.partitionNum)})` };
}

function planFc(desired: DesiredState, observed: DeployObservation): PlanStep[] {
  const { prerequisites, fc } = observed;
  const fcStep = planFcAccount(desired, prerequisites);
  const problem = vpcProblem(desired, prerequisites);
  const serviceStep = { kind: 'service', name: desired.service.serviceName } as const;
  if (fc && fcReachable(prerequisites)) {
    const service = problem ? { ...serviceStep, action: 'blocked' as const, detail: problem } : planService(desired, fc.service);
    return [fcStep, service, planFunction(desired, fc.function), planTrigger(desired, fc.trigger)];
  }
  // FC's resources could not be asked for: the account is not known yet, or FC does not answer.
  const [action, reason] = fcStep.action === 'blocked' ? (['blocked', 'waits for Function Compute to answer (see the fc step)'] as const) : (['create', 'FC is asked once the roles name the account'] as const);
  const names = [['function', desired.function.functionName], ['trigger', desired.trigger.triggerName]] as const;
  return [
    fcStep,
    problem ? { ...serviceStep, action: 'blocked', detail: problem } : { ...serviceStep, action, detail: reason },
    ...names.map(([kind, name]): PlanStep => ({ kind, name, action, detail: reason })),
  ];
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
