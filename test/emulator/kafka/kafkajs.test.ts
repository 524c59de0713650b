import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';

let under: BrokerUnderTest;
const kafka = () => new Kafka({ clientId: 'kafkajs-test', brokers: [under.broker.bootstrapServers], logLevel: logLevel.NOTHING, retry: { retries: 8, initialRetryTime: 100 } });

beforeAll(async () => {
  under = await startBrokerUnderTest();
});
afterAll(() => under.close());

async function consumeInto(consumer: Consumer, topic: string, into: string[]): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async ({ partition, message }) => void into.push(`${partition}:${message.value?.toString()}`) });
}

describe('embedded broker with kafkajs', () => {
  it('keeps records and committed offsets across a broker restart in the middle of a consumer group run', async () => {
    const topic = 'orders';
    const groupId = 'order-readers';
    await under.broker.admin.createTopic(topic, { partitions: 3 });
    const producer: Producer = kafka().producer();
    await producer.connect();
    const send = (from: number, to: number) =>
      producer.send({ topic, messages: Array.from({ length: to - from }, (_, i) => ({ key: `k${from + i}`, value: `order-${from + i}` })) });
    await send(0, 60);

    const seen: string[] = [];
    const first = kafka().consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 300 });
    await consumeInto(first, topic, seen);
    await eventually('the first 60 records', () => (seen.length >= 60 ? true : undefined));
    await first.disconnect(); // commits and leaves
    await producer.disconnect();

    await under.restart();

    const again = kafka().producer();
    await again.connect();
    await again.send({ topic, messages: Array.from({ length: 40 }, (_, i) => ({ key: `k${60 + i}`, value: `order-${60 + i}` })) });
    await again.disconnect();

    const resumed: string[] = [];
    const second = kafka().consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 300 });
    await consumeInto(second, topic, resumed);
    await eventually('the 40 records produced after the restart', () => (resumed.length >= 40 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    await second.disconnect();
    expect(resumed.map((r) => r.split(':')[1]).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `order-${60 + i}`).sort());
    expect(seen.map((r) => r.split(':')[1]).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `order-${i}`).sort());

    const everything: string[] = [];
    const fresh = kafka().consumer({ groupId: 'fresh-readers', sessionTimeout: 10_000, maxWaitTimeInMs: 300 });
    await consumeInto(fresh, topic, everything);
    await eventually('all 100 records from a new group', () => (everything.length >= 100 ? true : undefined));
    await fresh.disconnect();
    expect(new Set(everything.map((r) => r.split(':')[1])).size).toBe(100);
    const group = (await under.broker.admin.listGroups()).find((g) => g.groupId === groupId);
    expect(Object.values(group!.offsets[topic]!).reduce((a, b) => a + b, 0)).toBe(100);
    expect((await under.broker.admin.highWatermarks(topic)).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('creates, describes and deletes topics and reports groups through the Kafka admin protocol', async () => {
    const admin = kafka().admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic: 'configured', numPartitions: 2, configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: '3600000' }] }] })).toBe(true);
      expect(await under.broker.admin.describeTopic('configured')).toEqual({ name: 'configured', partitions: 2, configs: { 'cleanup.policy': 'compact', 'retention.ms': '3600000' } });
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: 'configured' }] });
      const entries = new Map(described.resources[0]!.configEntries.map((e) => [e.configName, e]));
      expect(entries.get('cleanup.policy')).toMatchObject({ configValue: 'compact', isDefault: false });
      expect(entries.get('retention.ms')).toMatchObject({ configValue: '3600000', isDefault: false });
      expect(entries.get('max.message.bytes')).toMatchObject({ configValue: '1048588', isDefault: true });

      const rejected = (await admin.createTopics({ topics: [{ topic: 'bad-config', configEntries: [{ name: 'cleanup.policy', value: 'shred' }] }] }).catch((e: unknown) => e)) as { errors?: { type: string }[] };
      expect(rejected.errors?.map((e) => e.type)).toEqual(['INVALID_CONFIG']);
      await expect(under.broker.admin.createTopic('bad partitions', { partitions: 0 })).rejects.toThrow(/topic name may contain only.*partitions must be an integer/s);

      const meta = await admin.fetchTopicMetadata({ topics: ['configured'] });
      expect(meta.topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1]);

      const groups = await admin.listGroups();
      expect(groups.groups.map((g) => g.groupId)).toContain('order-readers');
      const offsets = await admin.fetchOffsets({ groupId: 'order-readers', topics: ['orders'] });
      expect(offsets[0]!.partitions.reduce((sum, p) => sum + Number(p.offset), 0)).toBe(100);
      const description = await admin.describeGroups(['order-readers']);
      expect(description.groups[0]).toMatchObject({ groupId: 'order-readers', state: 'Empty' });

      await admin.deleteTopics({ topics: ['configured'] });
      expect(await under.broker.admin.topicExists('configured')).toBe(false);
      expect(await under.broker.admin.describeTopic('configured')).toBeUndefined();
      expect((await admin.listTopics()).includes('configured')).toBe(false);
    } finally {
      await admin.disconnect();
    }
  });

  it('serves an idempotent producer (InitProducerId) and a topic deleted under a waiting consumer', async () => {
    await under.broker.admin.createTopic('idempotent', { partitions: 1 });
    const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const [sent] = await producer.send({ topic: 'idempotent', messages: [{ value: 'once' }, { value: 'twice' }] });
    await producer.disconnect();
    expect(sent).toMatchObject({ topicName: 'idempotent', partition: 0, errorCode: 0, baseOffset: '0' });
    expect(await under.broker.admin.highWatermarks('idempotent')).toEqual([2]);

    const seen: string[] = [];
    const consumer = kafka().consumer({ groupId: 'deleted-under-me', sessionTimeout: 10_000, maxWaitTimeInMs: 2000 });
    await consumeInto(consumer, 'idempotent', seen);
    await eventually('both records', () => (seen.length === 2 ? true : undefined));
    await under.broker.admin.deleteTopic('idempotent');
    await new Promise((r) => setTimeout(r, 2500)); // the waiting Fetch answers UNKNOWN_TOPIC_OR_PARTITION
    await consumer.disconnect();
    expect(under.logs.filter((l) => l.startsWith('closing connection'))).toEqual([]);
    expect(await under.broker.admin.topicExists('idempotent')).toBe(false);
  });
});
