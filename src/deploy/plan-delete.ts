import type { ConnectorDefinition } from '../definition/definition.js';
import { RECORD_TAGS } from '../definition/record.js';
import type { ObservedState } from './observe.js';
import { ALREADY_GONE, type PlanStep } from './plan-step.js';
import { FC_SERVICE_ROLE, FUNCTION_NAME, SERVICE_LINKED_ROLES, serviceNameOf, TOPIC_REMARK, TRIGGER_NAME } from './resources.js';

export type DeletedConnector = Pick<ConnectorDefinition, 'name' | 'instanceId' | 'sourceTopic' | 'bucket' | 'resources' | 'topics' | 'taskGroup' | 'connectorGroup'>;

/**
 * The plan of `delete`: what deploy made, in reverse order — trigger, function, service, the internal topics,
 * the connector group, and last the task group, which carries the connector's record (so a delete that stops
 * part-way is still listed and can be run again). It removes only what deploy created: topics with deploy's
 * remark, groups whose tags name this connector (a group tagged for another connector blocks the plan).
 * Never the source topic, the bucket's objects or the shared roles (service-linked, FC's): they close the plan as
 * unchanged, "kept". What is already gone is unchanged, "already gone".
 */
export function planDelete(connector: DeletedConnector, observed: ObservedState): PlanStep[] {
  return [
    ...planFcDelete(connector, observed.fc),
    ...internalTopics(connector).map((topic) => planTopicDelete(connector, topic, observed)),
    planGroupDelete(connector.connectorGroup, RECORD_TAGS.connectorGroupOf, connector.name, observed, 'connector consumer group'),
    planGroupDelete(connector.taskGroup, RECORD_TAGS.connector, connector.name, observed, "task consumer group and its offsets: the connector's record"),
    ...keptSteps(connector),
  ];
}

function planFcDelete(connector: DeletedConnector, fc: ObservedState['fc']): PlanStep[] {
  const resources = [
    { kind: 'trigger', name: TRIGGER_NAME, present: Boolean(fc?.trigger), detail: `stops the delivery from ${connector.sourceTopic}` },
    { kind: 'function', name: FUNCTION_NAME, present: Boolean(fc?.function), detail: 'the sink function and its code' },
    { kind: 'service', name: serviceNameOf(connector.name), present: Boolean(fc?.service), detail: "the connector's FC service" },
  ] as const;
  return resources.map(({ kind, name, present, detail }): PlanStep => {
    if (!fc) return { kind, name, action: 'unchanged', detail: "not asked: FC's account is not known (no service-linked role names it; set ALIBABA_CLOUD_ACCOUNT_ID)" };
    return present ? { kind, name, action: 'delete', detail } : { kind, name, action: 'unchanged', detail: ALREADY_GONE };
  });
}

/** The connector's own topics: every internal topic that is not the source topic, once. */
function internalTopics(connector: DeletedConnector): string[] {
  return [...new Set(Object.values(connector.topics))].filter((t) => t !== connector.sourceTopic);
}

function planTopicDelete(connector: DeletedConnector, topic: string, observed: ObservedState): PlanStep {
  const step = { kind: 'topic', name: topic } as const;
  if (connector.resources === 'manual') return { ...step, action: 'unchanged', detail: 'kept: manual resources, created by you' };
  const actual = observed.topics.get(topic);
  if (!actual) return { ...step, action: 'unchanged', detail: ALREADY_GONE };
  if (actual.remark !== TOPIC_REMARK) return { ...step, action: 'unchanged', detail: `kept: deploy did not create it (its remark is not "${TOPIC_REMARK}")` };
  return { ...step, action: 'delete', detail: 'internal topic of the connector' };
}

function planGroupDelete(consumerId: string, ownerTag: string, connectorName: string, observed: ObservedState, detail: string): PlanStep {
  const step = { kind: 'group', name: consumerId } as const;
  const tags = observed.groups.get(consumerId);
  if (!tags) return { ...step, action: 'unchanged', detail: ALREADY_GONE };
  const owner = tags[ownerTag];
  if (owner === undefined) return { ...step, action: 'unchanged', detail: `kept: deploy did not create it (no ${ownerTag} tag)` };
  if (owner !== connectorName) return { ...step, action: 'blocked', detail: `belongs to connector "${owner}" (tag ${ownerTag}), not "${connectorName}"` };
  return { ...step, action: 'delete', detail };
}

function keptSteps(connector: DeletedConnector): PlanStep[] {
  return [
    { kind: 'topic', name: connector.sourceTopic, action: 'unchanged', detail: 'kept: the source topic' },
    { kind: 'oss', name: connector.bucket, action: 'unchanged', detail: `kept: the objects under ${connector.name}/` },
    ...SERVICE_LINKED_ROLES.map(({ roleName }): PlanStep => ({ kind: 'role', name: roleName, action: 'unchanged', detail: 'kept: shared by every connector of the account' })),
    { kind: 'role', name: FC_SERVICE_ROLE.roleName, action: 'unchanged', detail: 'kept: FC\'s service role, shared by every function of the account' },
  ];
}
