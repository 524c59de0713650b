import { AlikafkaApi } from './alikafka.js';
import type { CloudCatalog, ConnectorRecord } from '../definition/catalog.js';
import { listBuckets } from './oss-account.js';
import { resolveCloudTarget, type CloudTarget } from './target.js';
import { VpcApi } from './vpc.js';
import { recordOfGroup } from '../definition/record.js';

/** The CloudCatalog over the official SDKs, for Alibaba Cloud or the local cloud alike. */
export function catalogFor(target: CloudTarget): CloudCatalog {
  const alikafka = new AlikafkaApi(target);
  const vpc = new VpcApi(target);
  return {
    regionId: target.regionId,
    listInstances: () => alikafka.listInstances(),
    listTopics: (instanceId) => alikafka.listTopics(instanceId),
    listConsumerGroups: (instanceId) => alikafka.listConsumerGroups(instanceId),
    listBuckets: () => listBuckets(target),
    getVSwitch: (id) => vpc.getVSwitch(id),
    async listConnectors(instanceId): Promise<ConnectorRecord[]> {
      const groups = await alikafka.listConsumerGroups(instanceId);
      return groups.map((g) => recordOfGroup(g, instanceId)).filter((r): r is ConnectorRecord => r !== undefined);
    },
  };
}

export async function createCloudCatalog(opts: { profile?: string; region?: string }): Promise<CloudCatalog> {
  return catalogFor(await resolveCloudTarget(opts));
}
