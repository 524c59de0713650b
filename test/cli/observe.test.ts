import OSS from 'ali-oss';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepReporter } from '../../src/deploy/apply.js';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import { openSession } from '../../src/deploy/session.js';
import { resolveDefinition } from '../../src/definition/definition.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import type { SinkRecord } from '../../src/sink/record.js';
import { runCli } from '../support/cli.js';
import { startTestCloud } from '../support/test-cloud.js';

/*
 * Issue #16, watching a deployed connector through the built CLI: the local cloud runs the deployed sink
 * through its Kafka trigger, and `objects`, `describe` and `logs` read it back through the official SDKs.
 */

const silent: StepReporter = { start: () => {}, done: () => {}, fail: () => {} };
let cloud: LocalCloud;
let home: string;
let producer: Producer;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-observe-', alikafkaIntervalMs: 100 });
  ({ cloud, home } = started);
  const { instanceId, target } = started;
  await started.alikafka.createTopic({ instanceId, topic: 'orders', remark: 'orders', partitionNum: 2, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('watch-bucket');
  const input = { name: 'watch', instanceId, sourceTopic: 'orders', bucket: 'watch-bucket', accessKeyId: cloud.accessKey.accessKeyId, offsetReset: 'earliest' };
  const { definition } = resolveDefinition(input, { regionId: 'cn-hangzhou' });
  await (await prepareDeploy(await openSession(target, definition!), definition!, cloud.accessKey.accessKeySecret)).apply(silent);
  producer = new Kafka({ brokers: [target.kafkaBootstrapServers!], clientId: 'observe-test', logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
}, 90_000);

afterAll(async () => {
  await producer?.disconnect();
  await cloud?.close();
});

const cli = (...args: string[]) => runCli([...args, '--profile', 'live'], { env: { CI: 'true', KAFKA_OSS_HOME: home } });

interface ObjectsJson {
  objects: Array<{ name: string; partition: number; firstOffset: number; ageMs: number }>;
  newest: { name: string; records: SinkRecord[] } | null;
}

describe('kafka-oss objects', () => {
  it('--tail 1 prints the last record sent, from the newest object; the journals are not listed', async () => {
    await producer.send({ topic: 'orders', messages: Array.from({ length: 30 }, (_, i) => ({ partition: 1, key: `k${i}`, value: `first-${i}` })) });
    const [last] = await producer.send({ topic: 'orders', messages: [{ partition: 1, key: 'the-last', value: 'last-record-sent' }] });
    const lastOffset = Number(last!.baseOffset);
    const newestRecord = async () => {
      const run = await cli('objects', 'watch', '--partition', '1', '--tail', '1', '--output', 'json');
      expect(run.stderr).toBe('');
      return (JSON.parse(run.stdout) as ObjectsJson).newest?.records;
    };
    await expect.poll(newestRecord, { timeout: 30_000, interval: 300 }).toEqual([expect.objectContaining({ key: 'the-last', value: 'last-record-sent', offset: lastOffset, partition: 1 })]);

    const listed = JSON.parse((await cli('objects', 'watch', '--output', 'json')).stdout) as ObjectsJson;
    expect(listed.objects.length).toBeGreaterThan(0);
    expect(listed.objects.every((o) => o.name.startsWith('watch/orders/') && !o.name.includes('.kafka-oss'))).toBe(true);
    expect(listed.objects[0]!.ageMs).toBeGreaterThanOrEqual(0);

    const text = await cli('objects', 'watch', '--partition', '1', '--tail', '1');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('under oss://watch-bucket/watch/ (orders, partition 1), newest first:');
    expect(text.stdout).toMatch(/Last 1 record of watch\/orders\/1\/\d{20}\.json:\n {2}\{"key":"the-last","offset":\d+,"overflowFlag":false,"partition":1,/);
  });

  it('refuses a partition that is not a number', async () => {
    const run = await cli('objects', 'watch', '--partition', 'one');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--partition: must be a whole number ≥ 0 (got "one")');
  });
});
