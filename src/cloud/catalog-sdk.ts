import { AlikafkaApi } from './alikafka.js';
import type { CloudCatalog, ConnectorRecord } from './catalog.js';
import { listBuckets } from './oss-account.js';
import { resolveCloudTarget, type CloudTarget } from './target.js';
import { VpcApi } from './vpc.js';
import { CONNECTOR_TAG_KEY as CONNECTOR_TAG } from '../definition/names.js';

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
      return groups
        .filter((g) => g.tags[CONNECTOR_TAG] && g.consumerId === `connect-${g.tags[CONNECTOR_TAG]}`)
        .map((g) => ({ name: g.tags[CONNECTOR_TAG]!, instanceId, taskGroup: g.consumerId, tags: g.tags }));
    },
  };
}

export async function createCloudCatalog(opts: { profile?: string; region?: string }): Promise<CloudCatalog> {
  return catalogFor(await resolveCloudTarget(opts));
}
