import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import { openSession } from '../../src/deploy/session.js';
import { resolveDefinition } from '../../src/definition/definition.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import type { SinkRecord } from '../../src/sink/record.js';
import { KAFKA_OSS_BIN, runCli, spawnCli } from '../support/cli.js';
import { kcat } from '../support/test-kafka.js';
import { fcModels as F, sdkClients } from '../emulator/openapi/sdk-clients.js';
import { startTestCloud, silent } from '../support/test-cloud.js';
import { tmuxSession } from '../support/tmux.js';

/*
 * Issue #16, watching a deployed connector through the built CLI: the local cloud runs the deployed sink
 * through its Kafka trigger, and `objects`, `describe` and `logs` read it back through the official SDKs.
 */

let cloud: LocalCloud;
let home: string;
let definitionInput: Record<string, string>;
let producer: Producer;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-observe-', alikafkaIntervalMs: 100 });
  ({ cloud, home } = started);
  const { instanceId, target } = started;
  await started.alikafka.createTopic({ instanceId, topic: 'orders', remark: 'orders', partitionNum: 2, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('watch-bucket');
  definitionInput = { name: 'watch', instanceId, sourceTopic: 'orders', bucket: 'watch-bucket', accessKeyId: cloud.accessKey.accessKeyId, offsetReset: 'earliest' };
  const { definition } = resolveDefinition(definitionInput, { regionId: 'cn-hangzhou' });
  await (await prepareDeploy(await openSession(target, definition!), definition!, cloud.accessKey.accessKeySecret)).apply(silent);
  producer = new Kafka({ brokers: [target.kafkaBootstrapServers!], clientId: 'observe-test', logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
});

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
    partitions: Array<{ partition: number; highWatermark: number; committedOffset: number | null; lag: number | null; lastObject: { name: string; firstOffset: number; lastModified: string; ageMs: number } | null }>;
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
    const burstStartedSecond = Math.floor(Date.now() / 1000) * 1000; // OSS lists write times to the second
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
      // the newest object: written during the burst, holding records up to the partition's end
      expect(Date.parse(partition.lastObject!.lastModified)).toBeGreaterThanOrEqual(burstStartedSecond);
      expect(partition.lastObject!.firstOffset).toBeLessThan(partition.highWatermark);
      expect(partition.lastObject!.ageMs).toBeGreaterThanOrEqual(0);
    }
    const text = await cli('describe', 'watch');
    expect(text.stdout).toMatch(/Progress of connect-watch \(group \w+, trigger running\) at /);
    expect(text.stdout).toMatch(/\n {2}0 +\d+ +\d+ +0 +watch\/orders\/0\/\d{20}\.json +\d+[smhd]\n/);
    expect(text.stdout).toMatch(/\n {2}total +(\d+) +\1 +0\n/);
  });
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
  });
});

interface LogLineJson { time: string; level: string; requestId?: string; message: string }

describe('kafka-oss logs', () => {
  it('says how to enable a logstore while the FC service ships its logs nowhere', async () => {
    const run = await cli('logs', 'watch');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("watch's FC service kafka-oss-watch ships its function logs nowhere");
    expect(run.stderr).toContain('--log-project <project> --log-store <logstore>');
  });

  it('deploy ships the function logs to the logstore the definition names (issue #16 item 4)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-observe-def-'));
    await writeFile(join(dir, 'kafka-oss.watch.json'), JSON.stringify({ ...definitionInput, regionId: 'cn-hangzhou', logProject: 'kafka-oss-local', logStore: 'function-logs' }));
    const env = { CI: 'true', KAFKA_OSS_HOME: home, KAFKA_OSS_ACCESS_KEY_SECRET: cloud.accessKey.accessKeySecret };
    const planned = await runCli(['deploy', 'watch', '--profile', 'live', '--dry-run'], { cwd: dir, env });
    expect(planned.stdout).toMatch(/update +service +kafka-oss-watch +function logs none → kafka-oss-local\/function-logs/);
    const deployed = await runCli(['deploy', 'watch', '--profile', 'live', '--yes'], { cwd: dir, env });
    expect(deployed.code, deployed.stderr).toBe(0);
    const { fc } = sdkClients(cloud.description.api!.endpoint, cloud.accessKey);
    expect((await fc.getService('kafka-oss-watch', new F.GetServiceRequest({}))).body!.logConfig).toMatchObject({ project: 'kafka-oss-local', logstore: 'function-logs' });
    const again = await runCli(['deploy', 'watch', '--profile', 'live', '--dry-run'], { cwd: dir, env });
    expect(again.stdout).not.toContain('function logs');
  });

  it('--errors-only shows within seconds why a record failed under the log policy (dead-lettered after the retries)', async () => {
    // every write of the record's invocations is refused: the first try and EventBridge's three retries
    cloud.oss!.faults.failNext(4, { status: 403, code: 'AccessDenied', action: 'PutObject' });
    await producer.send({ topic: 'orders', messages: [{ partition: 0, key: 'doomed', value: 'refused by OSS' }] });
    const errorLines = async () => {
      const run = await cli('logs', 'watch', '--errors-only', '--output', 'json');
      expect(run.stderr).toBe('');
      return (JSON.parse(run.stdout) as { project: string; logstore: string; logs: LogLineJson[] }).logs;
    };
    await expect.poll(errorLines, { timeout: 30_000, interval: 500 }).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringContaining('OSS denied writing watch-bucket/') }));
    const lines = await errorLines();
    expect(lines.every((l) => /error/i.test(l.message))).toBe(true);
    expect(lines.some((l) => l.message.startsWith('FC Invoke Start'))).toBe(false);
    // the log policy: after the retries the record went to the dead-letter topic and the partition went on
    const deadLetterKeys = async () => (await kcat(['-C', '-b', cloud.description.kafka!.bootstrapServers, '-t', 'connect-error-watch', '-o', 'beginning', '-e', '-q', '-f', '%k\\n'])).toString();
    await expect.poll(deadLetterKeys, { timeout: 30_000, interval: 500 }).toContain('doomed');
    const text = await cli('logs', 'watch', '--errors-only');
    expect(text.stdout).toMatch(/Z \S+ \[error\] .*OSS denied writing watch-bucket\//);
  });

  it('--follow streams a new invocation as it runs, until Ctrl-C', async () => {
    const follow = spawnCli(['logs', 'watch', '--follow', '--output', 'json', '--profile', 'live'], { env: { KAFKA_OSS_HOME: home, CI: 'true' } });
    try {
      const parsed = () => follow.stdout().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogLineJson);
      await expect.poll(() => parsed().length, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
      const before = new Set(parsed().map((l) => l.requestId));
      await producer.send({ topic: 'orders', messages: [{ partition: 1, key: 'followed', value: 'watched live' }] });
      const started = () => parsed().find((l) => l.message.startsWith('FC Invoke Start') && !before.has(l.requestId));
      await expect.poll(started, { timeout: 30_000, interval: 200 }).toBeDefined();
      const requestId = started()!.requestId;
      await expect.poll(() => parsed().some((l) => l.requestId === requestId && l.message.startsWith('FC Invoke End')), { timeout: 30_000, interval: 200 }).toBe(true);
      expect(follow.stderr()).toBe('');
    } finally {
      follow.child.kill('SIGINT');
    }
    expect((await follow.exit).code).toBe(0);
  });
});
