import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient } from '../../src/kafka/kafkajs-client.js';
import { KafkaNotFoundError } from '../../src/kafka/errors.js';
import type { IncomingMessage, KafkaDataClient } from '../../src/kafka/client.js';
import { messagesOf } from '../../src/kafka/fetched-records.js';
import { kcat, readPartition, startTestKafka, type TestKafka } from '../support/test-kafka.js';

let kafka: TestKafka;
let client: KafkaDataClient;
const logs: string[] = [];

beforeAll(async () => {
  kafka = await startTestKafka();
  client = createKafkaClient({ bootstrapServers: kafka.bootstrapServers, log: (line) => logs.push(line) });
});

afterAll(async () => {
  await client?.close();
  await kafka?.close();
});

describe('kafkajs data-plane client', () => {
  it('produces and reports the partition and offset of each message, as kcat then reads them', async () => {
    await kafka.createTopic('client-produce', 4);
    const first = await client.produce('client-produce', [
      { partition: 2, key: 'k1', value: 'v1' },
      { partition: 2, key: 'k2', value: 'v2', headers: { h: 'x' } },
      { partition: 1, value: 'other' },
    ]);
    expect(first).toEqual([
      { topic: 'client-produce', partition: 2, offset: 0 },
      { topic: 'client-produce', partition: 2, offset: 1 },
      { topic: 'client-produce', partition: 1, offset: 0 },
    ]);
    const again = await client.produce('client-produce', [{ partition: 2, value: 'v3' }]);
    expect(again).toEqual([{ topic: 'client-produce', partition: 2, offset: 2 }]);
    expect(await readPartition(kafka.bootstrapServers, 'client-produce', 2)).toEqual(['0\tk1\tv1', '1\tk2\tv2', '2\t\tv3']);
  });

  it('places keyed messages without a partition by the key, the same partition every time', async () => {
    await kafka.createTopic('client-keyed', 4);
    const [a, b] = await client.produce('client-keyed', [
      { key: 'same-key', value: '1' },
      { key: 'same-key', value: '2' },
    ]);
    expect(a?.partition).toBe(b?.partition);
    expect(b?.offset).toBe((a?.offset ?? -1) + 1);
  });

  it('refuses an unknown topic and a partition out of range before sending', async () => {
    await kafka.createTopic('client-range', 4);
    await expect(client.produce('client-no-such-topic', [{ value: 'x' }])).rejects.toThrow(new KafkaNotFoundError('topic "client-no-such-topic" does not exist'));
    await expect(client.produce('client-range', [{ partition: 4, value: 'x' }])).rejects.toThrow(
      'partition 4 is out of range for topic "client-range": it has 4 partitions, 0 to 3',
    );
    expect(await client.describeTopic('client-no-such-topic')).toBeUndefined();
  });

  it('reads topics, partition counts and watermarks', async () => {
    await kafka.createTopic('client-meta', 4);
    await kcat(['-P', '-b', kafka.bootstrapServers, '-t', 'client-meta', '-p', '3'], 'a\nb\nc\n');
    expect(await client.describeTopic('client-meta')).toEqual({ name: 'client-meta', partitions: 4 });
    expect((await client.listTopics()).map((t) => t.name)).toContain('client-meta');
    const marks = await client.watermarks('client-meta');
    expect(marks.find((m) => m.partition === 3)).toEqual({ partition: 3, low: 0, high: 3 });
    expect(marks.find((m) => m.partition === 0)?.high).toBe(0);
  });

  it('consumes batches per partition with manual commits that the group then reports', async () => {
    await kafka.createTopic('client-consume', 4);
    await kcat(['-P', '-b', kafka.bootstrapServers, '-t', 'client-consume', '-p', '0'], 'm0\nm1\nm2\n');
    await kcat(['-P', '-b', kafka.bootstrapServers, '-t', 'client-consume', '-p', '1'], 'n0\n');
    const seen = new Map<number, IncomingMessage[]>();
    let resolveAll!: () => void;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    const consumer = await client.consume({
      groupId: 'client-group',
      topics: ['client-consume'],
      fromBeginning: true,
      concurrency: 2,
      onBatch: async (batch) => {
        const messages = messagesOf(batch.records, { copy: true });
        seen.set(batch.partition, [...(seen.get(batch.partition) ?? []), ...messages]);
        const last = messages[messages.length - 1];
        if (last) await consumer.commit(batch.topic, batch.partition, last.offset + 1);
        if ((seen.get(0)?.length ?? 0) >= 3 && (seen.get(1)?.length ?? 0) >= 1) resolveAll();
      },
    });
    await all;
    await consumer.stop();
    expect(seen.get(0)?.map((m) => `${m.offset}:${m.value?.toString()}`)).toEqual(['0:m0', '1:m1', '2:m2']);
    const committed = await client.committedOffsets('client-group', 'client-consume');
    expect(committed.get(0)).toBe(3);
    expect(committed.get(1)).toBe(1);
  });

  it.each(['gzip', 'snappy', 'lz4', 'zstd'])('reads batches kcat compressed with %s', async (codec) => {
    const topic = `client-codec-${codec}`;
    await kafka.createTopic(topic, 1);
    const lines = Array.from({ length: 200 }, (_, i) => `${codec} message ${i} ${'é'.repeat(i % 7)}`);
    await kcat(['-P', '-b', kafka.bootstrapServers, '-t', topic, '-p', '0', '-z', codec, '-X', 'linger.ms=100'], `${lines.join('\n')}\n`);
    const values: string[] = [];
    let resolveAll!: () => void;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    const consumer = await client.consume({
      groupId: `client-codec-group-${codec}`,
      topics: [topic],
      fromBeginning: true,
      onBatch: async (batch) => {
        values.push(...messagesOf(batch.records).map((m) => m.value?.toString('utf8') ?? ''));
        if (values.length >= lines.length) resolveAll();
      },
    });
    await all;
    await consumer.stop();
    expect(values).toEqual(lines);
  });

  it('fails fast with a clear error when nothing listens at the address', async () => {
    const nowhere = createKafkaClient({ bootstrapServers: '127.0.0.1:1', retries: 0, connectionTimeoutMs: 1000 });
    await expect(nowhere.listTopics()).rejects.toThrow(/could not connect to 127\.0\.0\.1:1/);
    await nowhere.close();
  });
});
