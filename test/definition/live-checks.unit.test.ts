import { describe, expect, it } from 'vitest';
import { resolveDefinition, type DefinitionInput } from '../../src/definition/definition.js';
import { checkAgainstCloud } from '../../src/definition/live-checks.js';
import { fakeCatalog } from '../support/fake-catalog.js';

const base: DefinitionInput = {
  name: 'kafka-oss-sink', instanceId: 'alikafka_post-cn-abc123', sourceTopic: 'oss-test-input',
  bucket: 'my-bucket', accessKeyId: 'LTAI4GG2RGAjppjK0000',
};
const definitionOf = (input: DefinitionInput) => resolveDefinition({ ...base, ...input }).definition!;

const manualTopics = (config: { partitionNum: number; compactTopic?: boolean; localTopic?: boolean }) => [
  { name: 'oss-test-input', partitionNum: 12, localTopic: false, compactTopic: false },
  { name: 'connect-offset-kafka-oss-sink', partitionNum: 12, localTopic: true, compactTopic: true },
  { name: 'connect-config-kafka-oss-sink', localTopic: true, compactTopic: true, ...config },
  { name: 'connect-status-kafka-oss-sink', partitionNum: 6, localTopic: true, compactTopic: true },
  { name: 'connect-error-kafka-oss-sink', partitionNum: 6, localTopic: false, compactTopic: false },
];

describe('checks against the account', () => {
  it('passes a good definition', async () => {
    const result = await checkAgainstCloud(definitionOf({}), fakeCatalog());
    expect(result.errors).toEqual([]);
    expect(result.instance?.vpcId).toBe('vpc-main');
  });

  it('checks that the function logs\' project and logstore exist', async () => {
    const logged = (logProject: string, logStore: string) => checkAgainstCloud(definitionOf({ logProject, logStore }), fakeCatalog());
    expect((await logged('fc-logs', 'sink-logs')).errors).toEqual([]);
    expect((await logged('no-project', 'sink-logs')).errors).toEqual(['--log-project (Log Service project): must be an existing Log Service project of the region (got "no-project")']);
    expect((await logged('fc-logs', 'no-store')).errors).toEqual(['--log-store (Logstore): must be an existing logstore of project fc-logs (got "no-store")']);
  });

  it('rejects a config topic with 2 partitions in manual mode, naming the topic and the value', async () => {
    const result = await checkAgainstCloud(definitionOf({ resources: 'manual' }), fakeCatalog({ topics: manualTopics({ partitionNum: 2 }) }));
    expect(result.errors).toEqual([
      '--config-topic (Config topic): topic "connect-config-kafka-oss-sink" must have exactly 1 partition (has 2)',
    ]);
  });

  it('rejects a non-compact, cloud-storage config topic and a missing topic in manual mode', async () => {
    const topics = manualTopics({ partitionNum: 1, compactTopic: false, localTopic: false }).filter((t) => !t.name.startsWith('connect-status'));
    const result = await checkAgainstCloud(definitionOf({ resources: 'manual' }), fakeCatalog({ topics }));
    expect(result.errors).toEqual([
      '--config-topic (Config topic): topic "connect-config-kafka-oss-sink" must use local storage (uses cloud storage)',
      '--config-topic (Config topic): topic "connect-config-kafka-oss-sink" must have cleanup.policy=compact (has delete)',
      '--status-topic (Status topic): in manual mode must be an existing topic of instance alikafka_post-cn-abc123 (got "connect-status-kafka-oss-sink")',
    ]);
  });

  it('on a Standard Edition instance (SpecType normal) warns instead of rejecting the cloud-storage topics it can only have', async () => {
    const cloudOnly = manualTopics({ partitionNum: 2, compactTopic: false, localTopic: false })
      .map((t) => (t.name.startsWith('connect-') ? { ...t, localTopic: false, compactTopic: false } : t));
    const standard = await checkAgainstCloud(definitionOf({ resources: 'manual' }), fakeCatalog({ topics: cloudOnly, instance: { specType: 'normal' } }));
    expect(standard.errors).toEqual([]);
    expect(standard.warnings).toContain(
      '--config-topic (Config topic): topic "connect-config-kafka-oss-sink" must use local storage (uses cloud storage): the console\'s constraint, which a Standard Edition instance cannot meet',
    );
    const professional = await checkAgainstCloud(definitionOf({ resources: 'manual' }), fakeCatalog({ topics: cloudOnly, instance: { specType: 'professional' } }));
    expect(professional.errors).toHaveLength(7);
  });

  it('rejects a VSwitch outside the VPC and accepts another VSwitch of the instance VPC', async () => {
    const outside = await checkAgainstCloud(definitionOf({ vpcId: 'vpc-main', vSwitchId: 'vsw-other' }), fakeCatalog());
    expect(outside.errors).toEqual(['--vswitch-id (VSwitch ID): must be in VPC vpc-main (got "vsw-other", which is in vpc-other)']);
    const inside = await checkAgainstCloud(definitionOf({ vpcId: 'vpc-main', vSwitchId: 'vsw-second' }), fakeCatalog());
    expect(inside.errors).toEqual([]);
  });

  it('rejects a name already used by a connector, or whose connect-<name> group is foreign', async () => {
    const taken = await checkAgainstCloud(definitionOf({}), fakeCatalog({
      connectors: [{ name: 'kafka-oss-sink', instanceId: 'alikafka_post-cn-abc123', taskGroup: 'connect-kafka-oss-sink', tags: {} }],
    }));
    expect(taken.errors.join('\n')).toContain('a connector named "kafka-oss-sink" already exists');
    const foreign = await checkAgainstCloud(definitionOf({}), fakeCatalog({ groups: [{ consumerId: 'connect-kafka-oss-sink', tags: {} }] }));
    expect(foreign.errors.join('\n')).toContain('consumer group "connect-kafka-oss-sink" already exists and belongs to no connector');
  });

  it('rejects a missing source topic, a missing bucket and a bucket of another region, all at once', async () => {
    const result = await checkAgainstCloud(definitionOf({ sourceTopic: 'nope-topic', bucket: 'far-bucket' }), fakeCatalog());
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toContain('--source-topic (Source topic): must be an existing topic');
    expect(result.errors[1]).toContain('--bucket (Bucket): must be in the instance\'s region cn-hangzhou');
    const none = await checkAgainstCloud(definitionOf({ bucket: 'no-such-bucket' }), fakeCatalog());
    expect(none.errors).toEqual(['--bucket (Bucket): must be an existing OSS bucket (got "no-such-bucket")']);
  });

  it('rejects an instance that is not in the region', async () => {
    const result = await checkAgainstCloud(definitionOf({ instanceId: 'alikafka_post-cn-zzz' }), fakeCatalog());
    expect(result.errors[0]).toContain('--instance-id (Instance): must be an instance of region cn-hangzhou (got "alikafka_post-cn-zzz"');
  });
});
