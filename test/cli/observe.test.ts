import OSS from 'ali-oss';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StepReporter } from '../../src/deploy/apply.js';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import { openSession } from '../../src/deploy/session.js';
import { resolveDefinition } from '../../src/definition/definition.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import type { SinkRecord } from '../../src/sink/record.js';
import { KAFKA_OSS_BIN, runCli } from '../support/cli.js';
import { startTestCloud } from '../support/test-cloud.js';
import { tmuxSession } from '../support/tmux.js';

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

interface DescribeJson {
  progress: {
    groupState: string;
    trigger: string;
    partitions: Array<{ partition: number; highWatermark: number; committedOffset: number | null; lag: number | null; lastObject: { name: string; ageMs: number } | null }>;
    totals: { highWatermark: number; committedOffset: number; lag: number };
  } | null;
}

const describeJson = async () => {
  const run = await cli('describe', 'watch', '--output', 'json');
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as DescribeJson).progress!;
};

describe('kafka-oss describe', () => {
  it('shows per partition the end offset, the committed offset, the lag and the last object; the lag returns to 0 after a 10 000-record burst', async () => {
    const before = (await describeJson()).totals.highWatermark;
    for (let batch = 0; batch < 10; batch++) {
      await producer.send({ topic: 'orders', messages: Array.from({ length: 1000 }, (_, i) => ({ partition: i % 2, key: `burst-${batch}-${i}`, value: `burst value ${batch}-${i}` })) });
    }
    const caughtUp = (p: DescribeJson['progress'] & object) =>
      p.totals.highWatermark === before + 10_000 && p.totals.lag === 0 && p.partitions.every((x) => x.committedOffset === x.highWatermark && x.lag === 0);
    await expect.poll(async () => caughtUp(await describeJson()), { timeout: 120_000, interval: 1000 }).toBe(true);
    const progress = await describeJson();
    expect(progress).toMatchObject({ groupState: expect.any(String), trigger: 'running', totals: { lag: 0, highWatermark: progress.totals.committedOffset } });
    for (const partition of progress.partitions) {
      expect(partition.lastObject?.name).toMatch(new RegExp(`^watch/orders/${partition.partition}/\\d{20}\\.json$`));
      expect(partition.lastObject!.ageMs).toBeLessThan(120_000);
    }
    const text = await cli('describe', 'watch');
    expect(text.stdout).toMatch(/Progress of connect-watch \(group \w+, trigger running\) at /);
    expect(text.stdout).toMatch(/\n {2}0 +\d+ +\d+ +0 +watch\/orders\/0\/\d{20}\.json +\d+[smhd]\n/);
    expect(text.stdout).toMatch(/\n {2}total +(\d+) +\1 +0\n/);
  }, 180_000);
});

describe('kafka-oss describe --watch in a real terminal', () => {
  const terminal = tmuxSession(`kafka-oss-watch-${process.pid}`);
  afterAll(() => terminal.kill());

  it('refreshes a lag bar per partition and the records/s while a 10 000-record burst drains, until Ctrl-C', async () => {
    const before = (await describeJson()).totals.highWatermark;
    const expected = before + 10_000;
    terminal.start(`env -u CI KAFKA_OSS_HOME=${home} LANG=en_US.UTF-8 ${process.execPath} ${KAFKA_OSS_BIN} describe watch --profile live --watch --interval 1s; echo "EXIT=$?"; sleep 60`);
    await terminal.waitFor('Progress of connect-watch', 30_000);
    const screens: string[] = [];
    const burst = (async () => {
      for (let batch = 0; batch < 10; batch++) {
        await producer.send({ topic: 'orders', messages: Array.from({ length: 1000 }, (_, i) => ({ partition: i % 2, key: `watch-${batch}-${i}`, value: `watched ${batch}-${i}` })) });
      }
    })();
    const drained = new RegExp(`total +${expected} +${expected} +0\\n`);
    await expect.poll(() => {
      const shown = terminal.screen();
      screens.push(shown);
      return drained.test(shown);
    }, { timeout: 120_000, interval: 250 }).toBe(true);
    await burst;
    // while it drained, a refresh showed a partition behind (a filled bar) and the rate
    expect(screens.some((s) => /\n {2}[01] +\d+ +\d+ +[1-9]\d* +\[█+·*\]/.test(s))).toBe(true);
    expect(screens.some((s) => /, [1-9]\d* records\/s\)/.test(s))).toBe(true);
    const last = terminal.screen();
    expect(last).toContain('Connector watch: orders → oss://watch-bucket/watch/');
    expect(last).toMatch(/\n {2}0 +\d+ +\d+ +0 +\[·{24}\] +watch\/orders\/0\/\d{20}\.json/);
    expect(last).toContain('(Ctrl-C to stop)');
    terminal.keys('C-c');
    await terminal.waitFor('EXIT=0', 10_000);
    const capture = screens.find((s) => /\[█+·*\]/.test(s));
    if (capture && process.env.KAFKA_OSS_CAPTURE) await (await import('node:fs/promises')).writeFile(process.env.KAFKA_OSS_CAPTURE, capture);
  }, 180_000);
});
