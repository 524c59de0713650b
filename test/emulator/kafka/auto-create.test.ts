import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';

let withAutoCreate: BrokerUnderTest;
let withoutAutoCreate: BrokerUnderTest;

beforeAll(async () => {
  [withAutoCreate, withoutAutoCreate] = await Promise.all([startBrokerUnderTest({ autoCreateTopics: true }), startBrokerUnderTest()]);
});
afterAll(() => Promise.all([withAutoCreate.close(), withoutAutoCreate.close()]));

describe('topic auto-creation', () => {
  it('creates a one-partition topic on first use when enabled', async () => {
    const produced = await kcat(['-b', withAutoCreate.broker.bootstrapServers, '-P', '-t', 'made-on-demand'], 'first\n');
    expect(produced.code, produced.stderr).toBe(0);
    expect(await withAutoCreate.broker.admin.describeTopic('made-on-demand')).toEqual({ name: 'made-on-demand', partitions: 1, configs: {} });
    expect(await withAutoCreate.broker.admin.highWatermarks('made-on-demand')).toEqual([1]);
  });

  it('is off by default: metadata for an unknown topic is UNKNOWN_TOPIC_OR_PARTITION and nothing is created', async () => {
    const admin = new Kafka({ brokers: [withoutAutoCreate.broker.bootstrapServers], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    await admin.connect();
    try {
      const err = (await admin.fetchTopicMetadata({ topics: ['not-there'] }).catch((e: unknown) => e)) as { type?: string };
      expect(err.type).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    } finally {
      await admin.disconnect();
    }
    expect(await withoutAutoCreate.broker.admin.topicExists('not-there')).toBe(false);
  });
});
