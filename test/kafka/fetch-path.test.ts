// The fetch path (src/kafka/fetch) against kafkajs' consumer on the same data, over real sockets: the embedded
// broker by default, librdkafka's mock cluster with KAFKA_OSS_TEST_KAFKA=mock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient } from '../../src/kafka/kafkajs-client.js';
import { kcat, startTestKafka, type TestKafka } from '../support/test-kafka.js';
import { readWithFetchPath, readWithKafkajs, type ReadRecord } from './readers.js';

let kafka: TestKafka;

beforeAll(async () => {
  kafka = await startTestKafka();
});

afterAll(async () => {
  await kafka?.close();
});

/** Lines for kcat -K: -Z: keyed, unkeyed (empty key: NULL), tombstones (empty value: NULL), UTF-8 and escapes. */
function lines(tag: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    if (i % 7 === 3) return `:${tag} no key ${i}`;
    if (i % 11 === 5) return `tomb-${i}:`;
    return `k-${i}:${tag} ${i} ${'é✓"\\'.repeat(i % 5)}${'x'.repeat(i % 300)}`;
  });
}

/** kcat -P of the lines to one partition with the codec, headers on each message (one name twice), small batches. */
async function produce(topic: string, partition: number, codec: string, text: string[]): Promise<void> {
  await kcat(
    ['-P', '-b', kafka.bootstrapServers, '-t', topic, '-p', String(partition), '-z', codec, '-K', ':', '-Z', '-H', 'trace=abc', '-H', 'trace=def', '-H', 'empty=', '-H', 'absent', '-X', 'batch.num.messages=17', '-X', 'linger.ms=5'],
    `${text.join('\n')}\n`,
  );
}

const count = (n: number) => (records: ReadRecord[]) => records.length >= n;

describe('the fetch path reads what kafkajs reads', () => {
  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('%s batches: keys, null keys, tombstones, headers, several batches per partition', async (codec) => {
    const topic = `fetch-path-${codec}`;
    await kafka.createTopic(topic, 3);
    const perPartition = [0, 1, 2].map((p) => lines(`${codec}-${p}`, 60 + p * 45));
    for (const [p, text] of perPartition.entries()) await produce(topic, p, codec, text);
    const total = perPartition.reduce((n, text) => n + text.length, 0);

    const ours = await readWithFetchPath(kafka.bootstrapServers, topic, count(total));
    const reference = await readWithKafkajs(kafka.bootstrapServers, topic, count(total));
    expect(ours).toHaveLength(total);
    expect(ours).toEqual(reference);
    // what the data was made to contain is there
    expect(ours.filter((r) => r.key === null).length).toBeGreaterThan(10);
    expect(ours.filter((r) => r.value === null).length).toBeGreaterThan(5);
    expect(ours[0]?.headers).toEqual([['trace', Buffer.from('abc').toString('hex')], ['trace', Buffer.from('def').toString('hex')], ['empty', ''], ['absent', null]]);
    expect(ours.filter((r) => r.partition === 2).map((r) => r.offset)).toEqual(perPartition[2]!.map((_, i) => i));
  });

  it('starts inside a batch at the committed offset and skips the records before it', async () => {
    const topic = 'fetch-path-mid-batch';
    await kafka.createTopic(topic, 1);
    await produce(topic, 0, 'none', lines('mid', 40)); // batches of 17: offset 23 is inside the second
    const groupId = 'fetch-path-mid-batch-group';
    // a member of the group commits 23 and leaves (admin.setOffsets needs DescribeGroups, which the mock lacks)
    const client = createKafkaClient({ bootstrapServers: kafka.bootstrapServers });
    let committed!: () => void;
    const done = new Promise<void>((resolve) => (committed = resolve));
    const member = await client.consume({ groupId, topics: [topic], fromBeginning: true, onBatch: async (batch) => {
      await member.commit(topic, batch.partition, 23);
      committed();
    } });
    await done;
    await member.stop();
    await client.close();
    const rest = await readWithFetchPath(kafka.bootstrapServers, topic, count(17), { groupId });
    expect(rest.map((r) => r.offset)).toEqual(Array.from({ length: 17 }, (_, i) => 23 + i));
  });
});
