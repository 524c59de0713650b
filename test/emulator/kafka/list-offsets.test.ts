import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';

let under: BrokerUnderTest;
let kafka: Kafka;

beforeAll(async () => {
  under = await startBrokerUnderTest();
  kafka = new Kafka({ brokers: [under.broker.bootstrapServers], logLevel: logLevel.NOTHING });
});
afterAll(() => under.close());

describe('ListOffsets', () => {
  it.each([
    ['uncompressed', CompressionTypes.None],
    ['gzip', CompressionTypes.GZIP],
  ])('finds the first record at or after a timestamp inside one %s batch', async (name, compression) => {
    const topic = `by-time-${name}`;
    await under.broker.admin.createTopic(topic, { partitions: 1 });
    const producer = kafka.producer();
    await producer.connect();
    const base = 1_700_000_000_000;
    // one send = one batch with five records one second apart
    await producer.send({ topic, compression, messages: [0, 1, 2, 3, 4].map((i) => ({ value: `t${i}`, timestamp: String(base + i * 1000) })) });
    await producer.disconnect();

    const admin = kafka.admin();
    await admin.connect();
    try {
      const at = async (ts: number) => Number((await admin.fetchTopicOffsetsByTimestamp(topic, ts))[0]!.offset);
      expect(await at(base)).toBe(0);
      expect(await at(base + 2500)).toBe(3);
      expect(await at(base + 4000)).toBe(4);
      const [latest] = await admin.fetchTopicOffsets(topic);
      expect({ low: latest!.low, high: latest!.high }).toEqual({ low: '0', high: '5' });
    } finally {
      await admin.disconnect();
    }
    const fromTime = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', topic, '-o', `s@${base + 1500}`, '-e', '-q']);
    expect(fromTime.stdout.toString()).toBe('t2\nt3\nt4\n');
  });
});
