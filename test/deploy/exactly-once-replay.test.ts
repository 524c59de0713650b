import OSS from 'ali-oss';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOssBucketClient, type OssBucketClient } from '../../src/cloud/oss.js';
import type { CloudTarget } from '../../src/cloud/target.js';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import { openSession } from '../../src/deploy/session.js';
import { resolveDefinition } from '../../src/definition/definition.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import { startTestCloud, silent } from '../support/test-cloud.js';

/*
 * Issue #11 item 12, end to end: the deployed sink (the real code package, run by the local FC through the Kafka
 * trigger) lands every offset in exactly one object although the local EventBridge re-forms batches on replay and
 * commits inside batches (reformBatchesOnReplay), and OSS refuses a write now and then so that invocations fail and
 * are replayed from inside what was already exported. The partition journal (src/sink/fc-journal.ts) is what makes
 * this hold: with its filter bypassed in src/sink/fc-handler.ts, objects overlap.
 */

const PARTITIONS = 3;
const ROUNDS = 6;
const PER_ROUND = 60;
const cloudLog: string[] = [];
let cloud: LocalCloud;
let target: CloudTarget;
let producer: Producer;
let bucket: OssBucketClient;

beforeAll(async () => {
  const started = await startTestCloud({
    prefix: 'kafka-oss-replay-', alikafkaIntervalMs: 300, cloud: { reformBatchesOnReplay: true, log: (line) => cloudLog.push(line) },
  });
  ({ cloud, target } = started);
  const { instanceId } = started;
  await started.alikafka.createTopic({ instanceId, topic: 'orders', remark: 'orders', partitionNum: PARTITIONS, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('replay-bucket');
  const input = { name: 'lima', instanceId, sourceTopic: 'orders', bucket: 'replay-bucket', accessKeyId: cloud.accessKey.accessKeyId, offsetReset: 'earliest' };
  const { definition } = resolveDefinition(input, { regionId: 'cn-hangzhou' });
  await (await prepareDeploy(await openSession(target, definition!), definition!, cloud.accessKey.accessKeySecret)).apply(silent);
  producer = new Kafka({ brokers: [target.kafkaBootstrapServers!], clientId: 'replay-test', logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  bucket = createOssBucketClient({ bucket: 'replay-bucket', endpoint: target.ossEndpoint, region: 'cn-hangzhou', ...cloud.accessKey });
});

afterAll(async () => {
  await producer?.disconnect();
  await cloud?.close();
});

/** How many objects hold each offset, per partition. */
async function offsetsInObjects(): Promise<Map<number, Map<number, number>>> {
  const seen = new Map<number, Map<number, number>>();
  for (const object of await bucket.listAll('lima/orders/')) {
    const records = JSON.parse((await bucket.get(object.name)).toString('utf8')) as Array<{ partition: number; offset: number }>;
    for (const { partition, offset } of records) {
      const counts = seen.get(partition) ?? new Map<number, number>();
      counts.set(offset, (counts.get(offset) ?? 0) + 1);
      seen.set(partition, counts);
    }
  }
  return seen;
}

const missing = (seen: Map<number, Map<number, number>>, produced: number) =>
  Array.from({ length: PARTITIONS }, (_, p) => produced - (seen.get(p)?.size ?? 0)).reduce((a, b) => a + b, 0);

describe('exactly once in FC when EventBridge re-forms batches on replay', () => {
  it('lands every offset in exactly one object while writes fail and the stream replays from inside exported batches', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      // the next PUT of the round (an object or a journal) is refused: that invocation fails and is replayed
      cloud.oss!.faults.failNext(1, { status: 403, code: 'AccessDenied', action: 'PutObject' });
      for (let partition = 0; partition < PARTITIONS; partition++) {
        const messages = Array.from({ length: PER_ROUND }, (_, i) => ({ partition, key: `k${i}`, value: `${round}-${partition}-${i}` }));
        await producer.send({ topic: 'orders', messages });
      }
      const produced = (round + 1) * PER_ROUND;
      await expect.poll(async () => missing(await offsetsInObjects(), produced), { timeout: 60_000, interval: 500 }).toBe(0);
    }

    const seen = await offsetsInObjects();
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const counts = seen.get(partition)!;
      expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: ROUNDS * PER_ROUND }, (_, i) => i));
      expect([...counts].filter(([, n]) => n !== 1), `offsets of partition ${partition} in more than one object`).toEqual([]);
    }
    // the fault mode did what it is for: every refused write was replayed from the last commit, and replays
    // re-delivered records that were already in OSS, which the journal skipped
    expect(cloudLog.filter((line) => line.includes('replays from offset')).length).toBeGreaterThanOrEqual(ROUNDS);
    const functionLog = cloud.fcRuntime!.logs('kafka-oss-lima', 'sink', { limit: 100_000 }).map((entry) => entry.message);
    expect(functionLog.filter((message) => message.includes('already exported')).length).toBeGreaterThan(0);
  });
});
