import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaBroker, type KafkaBroker } from '../../src/emulator/kafka/index.js';
import type { KafkaDataClient } from '../../src/kafka/client.js';
import type { SaslMechanism } from '../../src/kafka/connection.js';
import { messagesOf } from '../../src/kafka/fetched-records.js';
import { createKafkaClient } from '../../src/kafka/kafkajs-client.js';

const USER = 'sasl-client-user';
const PASSWORD = 'client-pw-9Hq!never-printed';
const WRONG = 'client-wrong-3Lp-never-printed';

let broker: KafkaBroker;
let dataDir: string;
const brokerLog: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sasl-client-'));
  broker = await startKafkaBroker({ dataDir, sasl: { users: [{ username: USER, password: PASSWORD }] }, log: (l) => brokerLog.push(l) });
});
afterAll(async () => {
  await broker?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const clientFor = (mechanism: SaslMechanism, password = PASSWORD, log?: (line: string) => void): KafkaDataClient =>
  createKafkaClient({ bootstrapServers: broker.sasl!.bootstrapServers, sasl: { mechanism, username: USER, password }, retries: 1, ...(log ? { log } : {}) });

describe("the tool's Kafka client (kafkajs, and the fetch path for consuming) over SASL_PLAINTEXT", () => {
  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('produces, consumes with commits, and reads the commits over %s', async (mechanism) => {
    const topic = `sasl-client-${mechanism}`;
    await broker.admin.createTopic(topic, { partitions: 3 });
    const client = clientFor(mechanism);
    try {
      const messages = Array.from({ length: 90 }, (_, i) => ({ partition: i % 3, key: `k${i}`, value: `${mechanism} value ${i}` }));
      const produced = await client.produce(topic, messages);
      expect(produced.map((p) => p.offset)).toEqual(messages.map((_, i) => Math.floor(i / 3)));
      expect(await broker.admin.highWatermarks(topic)).toEqual([30, 30, 30]);

      const seen: string[] = [];
      let allSeen!: () => void;
      const done = new Promise<void>((resolve) => (allSeen = resolve));
      const consumer = await client.consume({
        groupId: `group-${mechanism}`,
        topics: [topic],
        fromBeginning: true,
        onBatch: async (batch) => {
          const got = messagesOf(batch.records, { copy: true });
          seen.push(...got.map((m) => m.value!.toString()));
          const last = got[got.length - 1];
          if (last) await consumer.commit(batch.topic, batch.partition, last.offset + 1);
          if (seen.length === messages.length) allSeen();
        },
      });
      await done;
      await consumer.stop();
      expect([...seen].sort()).toEqual(messages.map((m) => m.value).sort());
      expect(new Set(seen).size).toBe(messages.length);
      expect([...(await client.committedOffsets(`group-${mechanism}`, topic)).entries()].sort()).toEqual([[0, 30], [1, 30], [2, 30]]);
    } finally {
      await client.close();
    }
  });

  it.each(['plain', 'scram-sha-256'] as const)('refuses a wrong password over %s with an error naming SASL, never the password', async (mechanism) => {
    const lines: string[] = [];
    const client = clientFor(mechanism, WRONG, (l) => lines.push(l));
    try {
      const error = await client.listTopics().then(
        () => undefined,
        (err: unknown) => err as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error!.message).toMatch(/SASL/);
      expect(error!.message).toMatch(/Authentication failed/);
      for (const text of [error!.message, String(error!.stack), ...lines, ...brokerLog]) {
        expect(text).not.toContain(WRONG);
        expect(text).not.toContain(PASSWORD);
      }
    } finally {
      await client.close();
    }
  });
});
