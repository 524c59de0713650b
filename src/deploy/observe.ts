import type { AlikafkaApi } from '../cloud/alikafka.js';
import type { TopicSummary } from '../definition/catalog.js';
import type { FcApi, FunctionState, ServiceState, TriggerState } from '../cloud/fc.js';
import type { ResourceManagerApi } from '../cloud/resourcemanager.js';
import { FUNCTION_NAME, SERVICE_LINKED_ROLES, TRIGGER_NAME } from './resources.js';

/** What exists now, for the resources of one connector. */
export interface ObservedState {
  roles: Record<string, boolean>;
  groups: Map<string, Record<string, string>>;
  topics: Map<string, TopicSummary>;
  /** Undefined when FC could not be asked (the account id is not known yet). */
  fc?: { service?: ServiceState; function?: FunctionState; trigger?: TriggerState };
}

export interface CloudApis {
  alikafka: AlikafkaApi;
  resourceManager: ResourceManagerApi;
  fc?: FcApi;
}

/** What exists of a connector's resources in `instanceId` and its FC service `serviceName`. */
export async function observe(apis: CloudApis, where: { instanceId: string; serviceName: string }): Promise<ObservedState> {
  const roles: Record<string, boolean> = {};
  for (const { roleName } of SERVICE_LINKED_ROLES) roles[roleName] = (await apis.resourceManager.getRole(roleName)) !== undefined;
  const groups = new Map((await apis.alikafka.listConsumerGroups(where.instanceId)).map((g) => [g.consumerId, g.tags]));
  const topics = new Map((await apis.alikafka.listTopics(where.instanceId)).map((t) => [t.name, t]));
  if (!apis.fc) return { roles, groups, topics };
  const { serviceName } = where;
  const service = await apis.fc.getService(serviceName);
  const fn = service ? await apis.fc.getFunction(serviceName, FUNCTION_NAME) : undefined;
  const trigger = fn ? await apis.fc.getTrigger(serviceName, FUNCTION_NAME, TRIGGER_NAME) : undefined;
  return {
    roles,
    groups,
    topics,
    fc: { ...(service ? { service } : {}), ...(fn ? { function: fn } : {}), ...(trigger ? { trigger } : {}) },
  };
}
