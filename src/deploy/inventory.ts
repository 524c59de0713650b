import type { CloudCatalog } from '../definition/catalog.js';
import { FcApi } from '../cloud/fc.js';
import { ResourceManagerApi } from '../cloud/resourcemanager.js';
import type { CloudTarget } from '../cloud/target.js';
import { FUNCTION_NAME, serviceNameOf, TRIGGER_NAME } from './resources.js';
import { accountIdFromRoles } from './session.js';

export interface ConnectorState {
  name: string;
  instanceId: string;
  sourceTopic: string;
  bucket: string;
  /** running: function and trigger exist; incomplete: recorded but not fully deployed. */
  state: 'running' | 'incomplete';
}

/** The connectors recorded in an instance (tagged task groups) and whether their function and trigger exist. */
export async function connectorStates(target: CloudTarget, catalog: CloudCatalog, instanceId: string): Promise<ConnectorState[]> {
  const records = await catalog.listConnectors(instanceId);
  if (records.length === 0) return [];
  const accountId = process.env.ALIBABA_CLOUD_ACCOUNT_ID || (await accountIdFromRoles(new ResourceManagerApi(target)));
  const fc = accountId ? new FcApi(target, accountId) : undefined;
  const states: ConnectorState[] = [];
  for (const record of records) {
    const trigger = fc ? await fc.getTrigger(serviceNameOf(record.name), FUNCTION_NAME, TRIGGER_NAME) : undefined;
    states.push({
      name: record.name,
      instanceId,
      sourceTopic: record.sourceTopic ?? '',
      bucket: record.bucket ?? '',
      state: trigger ? 'running' : 'incomplete',
    });
  }
  return states.sort((a, b) => a.name.localeCompare(b.name));
}
