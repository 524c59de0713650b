import type {
  AccessProbe, BucketSummary, CloudCatalog, ConnectorRecord, ConsumerGroupSummary, InstanceSummary, NewTopic, TopicSummary,
} from '../../src/definition/catalog.js';

export interface FakeCatalog extends CloudCatalog {
  /** What the catalog was asked to create, in order. */
  created: Array<{ kind: 'topic'; topic: NewTopic } | { kind: 'bucket'; name: string }>;
  /** Every probe, without its secret: bucket, key and prefix. */
  probes: Array<{ bucket: string; accessKeyId: string; objectPrefix?: string }>;
}

/**
 * A small in-memory account, the input of the pure live checks and of the scripted wizard. Created
 * topics and buckets appear in later lists; `probe` decides each access probe (default: granted).
 */
export function fakeCatalog(overrides: {
  topics?: TopicSummary[];
  groups?: ConsumerGroupSummary[];
  connectors?: ConnectorRecord[];
  buckets?: BucketSummary[];
  probe?: (bucket: string, accessKeyId: string, secret: string) => AccessProbe;
  instance?: Partial<InstanceSummary>;
  /** Log Service projects and their logstores (default: fc-logs with sink-logs). */
  logStores?: Record<string, string[]>;
} = {}): FakeCatalog {
  const logStores = overrides.logStores ?? { 'fc-logs': ['sink-logs'] };
  const instance: InstanceSummary = {
    instanceId: 'alikafka_post-cn-abc123', name: 'orders-kafka', regionId: 'cn-hangzhou',
    vpcId: 'vpc-main', vSwitchId: 'vsw-main', endpoints: { plaintext: '127.0.0.1:9092' }, ...overrides.instance,
  };
  const topics: TopicSummary[] = [...(overrides.topics ?? [
    { name: 'oss-test-input', partitionNum: 12, localTopic: false, compactTopic: false },
    { name: 'payments', partitionNum: 6, localTopic: false, compactTopic: false },
  ])];
  const buckets: BucketSummary[] = [...(overrides.buckets ?? [{ name: 'my-bucket', region: 'oss-cn-hangzhou' }, { name: 'far-bucket', region: 'oss-cn-beijing' }])];
  const created: FakeCatalog['created'] = [];
  const probes: FakeCatalog['probes'] = [];
  return {
    regionId: 'cn-hangzhou',
    created,
    probes,
    listInstances: async () => [instance],
    listTopics: async () => [...topics],
    listConsumerGroups: async () => overrides.groups ?? [],
    listBuckets: async () => [...buckets],
    getVSwitch: async (id) =>
      ({ 'vsw-main': { vSwitchId: 'vsw-main', vpcId: 'vpc-main' }, 'vsw-second': { vSwitchId: 'vsw-second', vpcId: 'vpc-main' }, 'vsw-other': { vSwitchId: 'vsw-other', vpcId: 'vpc-other' } })[id],
    listConnectors: async () => overrides.connectors ?? [],
    createTopic: async (topic) => {
      created.push({ kind: 'topic', topic });
      topics.push({ name: topic.topic, partitionNum: topic.partitionNum, localTopic: false, compactTopic: false, remark: topic.remark });
    },
    createBucket: async (name) => {
      created.push({ kind: 'bucket', name });
      buckets.push({ name, region: 'oss-cn-hangzhou' });
    },
    probeAccess: async (bucket, accessKeyId, secret, objectPrefix) => {
      probes.push({ bucket, accessKeyId, ...(objectPrefix !== undefined ? { objectPrefix } : {}) });
      return overrides.probe ? overrides.probe(bucket, accessKeyId, secret) : { ok: true };
    },
    logProjectExists: async (project) => Object.hasOwn(logStores, project),
    logStoreExists: async (project, logstore) => (Object.hasOwn(logStores, project) ? logStores[project]! : []).includes(logstore),
  };
}
