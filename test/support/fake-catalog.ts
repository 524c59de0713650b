import type { CloudCatalog, ConnectorRecord, ConsumerGroupSummary, InstanceSummary, TopicSummary } from '../../src/definition/catalog.js';

/** A small in-memory account, the input of the pure live checks and of the scripted wizard. */
export function fakeCatalog(overrides: { topics?: TopicSummary[]; groups?: ConsumerGroupSummary[]; connectors?: ConnectorRecord[]; instance?: Partial<InstanceSummary> } = {}): CloudCatalog {
  const instance: InstanceSummary = {
    instanceId: 'alikafka_post-cn-abc123', name: 'orders-kafka', regionId: 'cn-hangzhou',
    vpcId: 'vpc-main', vSwitchId: 'vsw-main', endpoints: { plaintext: '127.0.0.1:9092' }, ...overrides.instance,
  };
  const topics: TopicSummary[] = overrides.topics ?? [
    { name: 'oss-test-input', partitionNum: 12, localTopic: false, compactTopic: false },
    { name: 'payments', partitionNum: 6, localTopic: false, compactTopic: false },
  ];
  return {
    regionId: 'cn-hangzhou',
    listInstances: async () => [instance],
    listTopics: async () => topics,
    listConsumerGroups: async () => overrides.groups ?? [],
    listBuckets: async () => [{ name: 'my-bucket', region: 'oss-cn-hangzhou' }, { name: 'far-bucket', region: 'oss-cn-beijing' }],
    getVSwitch: async (id) =>
      ({ 'vsw-main': { vSwitchId: 'vsw-main', vpcId: 'vpc-main' }, 'vsw-second': { vSwitchId: 'vsw-second', vpcId: 'vpc-main' }, 'vsw-other': { vSwitchId: 'vsw-other', vpcId: 'vpc-other' } })[id],
    listConnectors: async () => overrides.connectors ?? [],
  };
}
