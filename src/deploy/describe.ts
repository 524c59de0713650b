import type { ConnectorDefinition } from '../definition/definition.js';
import { observe } from './observe.js';
import { ACCOUNT_ROLE_NAMES, FUNCTION_NAME, serviceNameOf, TRIGGER_NAME } from './resources.js';
import type { ConnectorSession } from './session.js';

export interface ResourceState {
  kind: string;
  name: string;
  state: 'present' | 'missing' | 'unknown';
  detail: string;
}

/** The live state of each resource a connector owns, plus the console link of its function. */
export async function describeConnector(session: ConnectorSession, definition: ConnectorDefinition): Promise<{ resources: ResourceState[]; consoleUrl: string }> {
  const serviceName = serviceNameOf(definition.name);
  const observed = await observe(session, { instanceId: definition.instanceId, serviceName });
  const resources: ResourceState[] = [];
  for (const roleName of ACCOUNT_ROLE_NAMES) resources.push({ kind: 'role', name: roleName, state: observed.roles[roleName] ? 'present' : 'missing', detail: '' });
  for (const group of [definition.taskGroup, definition.connectorGroup]) {
    const tags = observed.groups.get(group);
    resources.push({ kind: 'group', name: group, state: tags ? 'present' : 'missing', detail: tags ? Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(' ') : '' });
  }
  for (const topic of [...new Set([definition.sourceTopic, ...Object.values(definition.topics)])]) {
    const t = observed.topics.get(topic);
    const role = topic === definition.sourceTopic ? 'source; ' : '';
    resources.push({ kind: 'topic', name: topic, state: t ? 'present' : 'missing', detail: t ? `${role}${t.partitionNum} partition${t.partitionNum === 1 ? '' : 's'}, ${t.localTopic ? 'local' : 'cloud'} storage${t.compactTopic ? ', compact' : ''}` : role.replace('; ', '') });
  }
  const fc = observed.fc;
  const fcState = (present: boolean | undefined): ResourceState['state'] => (fc ? (present ? 'present' : 'missing') : 'unknown');
  resources.push({ kind: 'service', name: serviceName, state: fcState(Boolean(fc?.service)), detail: fc?.service?.vpcConfig ? `VPC ${fc.service.vpcConfig.vpcId} / ${fc.service.vpcConfig.vSwitchIds.join(',')}` : '' });
  resources.push({ kind: 'function', name: FUNCTION_NAME, state: fcState(Boolean(fc?.function)), detail: fc?.function ? `${fc.function.runtime}, ${fc.function.memorySize} MB, timeout ${fc.function.timeout} s` : '' });
  const run = (fc?.trigger?.triggerConfig.runOptions ?? {}) as { maximumTasks?: number; errorsTolerance?: string };
  // FC reads triggerEnable true only while EventBridge runs the event stream (trigger-drift.ts)
  const stream = fc?.trigger?.triggerConfig.triggerEnable === true ? 'event stream running' : 'event stream not running (starting, or stopped)';
  resources.push({ kind: 'trigger', name: TRIGGER_NAME, state: fcState(Boolean(fc?.trigger)), detail: fc?.trigger ? `maximumTasks ${run.maximumTasks}, errorsTolerance ${run.errorsTolerance}, ${stream}` : '' });
  const consoleUrl = `https://fcnext.console.aliyun.com/${session.target.regionId}/services/${serviceName}/function-detail/${FUNCTION_NAME}/LATEST?tab=config`;
  return { resources, consoleUrl };
}
