import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcat } from './broker-under-test.js';
import { startBrokerProcess, type BrokerProcess } from './broker-process.js';

let broker: BrokerProcess;

beforeAll(async () => {
  broker = await startBrokerProcess({}, { openFiles: 512 });
});
afterAll(() => broker.stop());

describe('a CreateTopics that runs out of file descriptors (ulimit -n 512)', () => {
  it('answers KAFKA_STORAGE_ERROR, leaves no descriptor or directory behind, and later creates work', async () => {
    const admin = new Kafka({ brokers: [broker.bootstrapServers], logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    await admin.connect();
    try {
      // the connections kafkajs uses for CreateTopics are open before the count
      expect(await admin.createTopics({ topics: [{ topic: 'warm-up', numPartitions: 1 }] })).toBe(true);
      const before = await broker.stats();
      // one open segment file per partition: 1 000 cannot fit under 512
      const failure = await admin.createTopics({ topics: [{ topic: 'too-many', numPartitions: 1000 }] }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(Error);
      expect(JSON.stringify(failure)).toMatch(/KAFKA_STORAGE_ERROR/);
      expect(broker.logs.some((l) => /create topic too-many failed: .*EMFILE/.test(l))).toBe(true);
      expect((await broker.stats()).fds).toBe(before.fds);
      expect(existsSync(join(broker.dataDir, 'topics', 'too-many'))).toBe(false);
      expect(await admin.listTopics()).not.toContain('too-many');

      for (const topic of ['after-1', 'after-2']) expect(await admin.createTopics({ topics: [{ topic, numPartitions: 100 }] })).toBe(true);
      expect((await broker.stats()).fds).toBe(before.fds + 200);
      expect((await kcat(['-b', broker.bootstrapServers, '-P', '-t', 'after-2', '-p', '99'], 'written\n')).code).toBe(0);
      const read = await kcat(['-b', broker.bootstrapServers, '-C', '-t', 'after-2', '-p', '99', '-o', 'beginning', '-e', '-q']);
      expect(read.stdout.toString()).toBe('written\n');
    } finally {
      await admin.disconnect();
    }
  });
});
