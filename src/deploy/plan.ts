import { isDeepStrictEqual } from 'node:util';
import { CONNECTOR_TAG_KEY } from '../definition/record.js';
import { checkTopicConstraint, TOPIC_CONSTRAINTS } from '../definition/rules.js';
import type { ObservedState } from './observe.js';
import { SECRET_FINGERPRINT_VARIABLE, SECRET_VARIABLE, SERVICE_LINKED_ROLES, type DesiredState } from './resources.js';

export type StepKind = 'role' | 'group' | 'topic' | 'oss' | 'service' | 'function' | 'trigger';
export type StepAction = 'create' | 'update' | 'unchanged' | 'drift' | 'blocked' | 'check';

export interface PlanStep {
  kind: StepKind;
  name: string;
  action: StepAction;
  detail: string;
}

/** Compares what should exist with what does, resource by resource, in the order deploy applies them. */
export function plan(desired: DesiredState, observed: ObservedState, bucket: string): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const { roleName, serviceName } of SERVICE_LINKED_ROLES) {
    steps.push({ kind: 'role', name: roleName, action: observed.roles[roleName] ? 'unchanged' : 'create', detail: `service-linked role of ${serviceName}` });
  }

  for (const group of desired.groups) {
    const tags = observed.groups.get(group.consumerId);
    const ownTag = group.tags[CONNECTOR_TAG_KEY];
    if (!tags) steps.push({ kind: 'group', name: group.consumerId, action: 'create', detail: ownTag ? 'task consumer group; records the connector' : 'connector consumer group' });
    else if (ownTag && tags[CONNECTOR_TAG_KEY] !== ownTag) {
      steps.push({ kind: 'group', name: group.consumerId, action: 'blocked', detail: `exists but belongs to ${tags[CONNECTOR_TAG_KEY] ? `connector "${tags[CONNECTOR_TAG_KEY]}"` : 'no connector'}; choose another connector name` });
    } else steps.push({ kind: 'group', name: group.consumerId, action: 'unchanged', detail: 'exists' });
  }

  for (const topic of desired.topics) {
    const actual = observed.topics.get(topic.name);
    const shape = `${topic.partitionNum} partition${topic.partitionNum === 1 ? '' : 's'}, local storage${topic.compactTopic ? ', compact' : ''}`;
    if (!actual) {
      steps.push(desired.manualTopics
        ? { kind: 'topic', name: topic.name, action: 'blocked', detail: 'manual resources: the topic must exist' }
        : { kind: 'topic', name: topic.name, action: 'create', detail: shape });
      continue;
    }
    const verdict = checkTopicConstraint(TOPIC_CONSTRAINTS[topic.field], actual);
    if (verdict.errors.length > 0) steps.push({ kind: 'topic', name: topic.name, action: 'blocked', detail: verdict.errors.join('; ') });
    else if (verdict.warnings.length > 0) steps.push({ kind: 'topic', name: topic.name, action: 'drift', detail: verdict.warnings.join('; ') });
    else steps.push({ kind: 'topic', name: topic.name, action: 'unchanged', detail: `exists (${actual.partitionNum} partitions)` });
  }

  steps.push({ kind: 'oss', name: bucket, action: 'check', detail: 'the AccessKey can put, get and delete a probe object' });

  const fc = observed.fc;
  const serviceName = desired.service.serviceName;
  if (!fc) {
    for (const [kind, name] of [['service', serviceName], ['function', desired.function.functionName], ['trigger', desired.trigger.triggerName]] as const) {
      steps.push({ kind, name, action: 'create', detail: 'FC is asked once the service-linked roles name the account' });
    }
    return steps;
  }

  if (!fc.service) steps.push({ kind: 'service', name: serviceName, action: 'create', detail: `VPC ${desired.service.vpcConfig?.vpcId} / ${desired.service.vpcConfig?.vSwitchIds.join(',')}` });
  else if (!isDeepStrictEqual(fc.service.vpcConfig ?? null, desired.service.vpcConfig ?? null)) {
    steps.push({ kind: 'service', name: serviceName, action: 'update', detail: `VPC config differs (has ${JSON.stringify(fc.service.vpcConfig ?? null)})` });
  } else steps.push({ kind: 'service', name: serviceName, action: 'unchanged', detail: 'exists' });

  const fn = desired.function;
  if (!fc.function) steps.push({ kind: 'function', name: fn.functionName, action: 'create', detail: `${fn.runtime}, ${fn.memorySize} MB, sink bundle ${fn.zip ? `${Math.round(fn.zip.length / 1024)} KiB` : ''}`.trim() });
  else {
    const differences: string[] = [];
    for (const field of ['runtime', 'handler', 'timeout', 'memorySize'] as const) {
      if (fc.function[field] !== fn[field]) differences.push(`${field} ${JSON.stringify(fc.function[field])} → ${JSON.stringify(fn[field])}`);
    }
    for (const [name, value] of Object.entries(fn.environmentVariables)) {
      if (name === SECRET_VARIABLE) continue; // never read back; its fingerprint stands for it
      if (fc.function.environment[name] === value) continue;
      differences.push(name === SECRET_FINGERPRINT_VARIABLE ? 'AccessKey secret changed' : `${name} changed`);
    }
    steps.push(differences.length > 0
      ? { kind: 'function', name: fn.functionName, action: 'update', detail: differences.join('; ') }
      : { kind: 'function', name: fn.functionName, action: 'unchanged', detail: 'code and settings match' });
  }

  const trigger = desired.trigger;
  if (!fc.trigger) steps.push({ kind: 'trigger', name: trigger.triggerName, action: 'create', detail: 'eventbridge, Kafka source' });
  else if (!isDeepStrictEqual(fc.trigger.triggerConfig, trigger.triggerConfig)) steps.push({ kind: 'trigger', name: trigger.triggerName, action: 'update', detail: 'trigger config differs' });
  else steps.push({ kind: 'trigger', name: trigger.triggerName, action: 'unchanged', detail: 'exists' });
  return steps;
}
