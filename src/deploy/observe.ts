import type { TopicSummary } from '../definition/catalog.js';
import type { FunctionState, ServiceState, TriggerState } from '../cloud/fc.js';
import type { ControlPlanePorts } from './ports.js';
import { ACCOUNT_ROLE_NAMES, FUNCTION_NAME, TRIGGER_NAME } from './resources.js';

/** What exists now, for the resources of one connector. */
export interface ObservedState {
  /** Whether each of the account's roles (ACCOUNT_ROLE_NAMES) exists. */
  roles: Record<string, boolean>;
  /** Consumer groups of the instance by id, with their tags. */
  groups: Map<string, Record<string, string>>;
  topics: Map<string, TopicSummary>;
  /** Undefined when FC could not be asked (the account id is not known yet). */
  fc?: { service?: ServiceState; function?: FunctionState; trigger?: TriggerState };
}

/** What exists of a connector's resources in `instanceId` and its FC service `serviceName`. */
export async function observe(ports: ControlPlanePorts, where: { instanceId: string; serviceName: string }): Promise<ObservedState> {
  const roles: Record<string, boolean> = {};
  for (const roleName of ACCOUNT_ROLE_NAMES) roles[roleName] = (await ports.roles.getRole(roleName)) !== undefined;
  const groups = new Map((await ports.alikafka.listConsumerGroups(where.instanceId)).map((g) => [g.consumerId, g.tags]));
  const topics = new Map((await ports.alikafka.listTopics(where.instanceId)).map((t) => [t.name, t]));
  if (!ports.fc) return { roles, groups, topics };
  const { serviceName } = where;
  const service = await ports.fc.getService(serviceName);
  const fn = service ? await ports.fc.getFunction(serviceName, FUNCTION_NAME) : undefined;
  const trigger = fn ? await ports.fc.getTrigger(serviceName, FUNCTION_NAME, TRIGGER_NAME) : undefined;
  return {
    roles,
    groups,
    topics,
    fc: { ...(service ? { service } : {}), ...(fn ? { function: fn } : {}), ...(trigger ? { trigger } : {}) },
  };
}
