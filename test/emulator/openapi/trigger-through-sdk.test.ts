import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../../src/emulator/local-cloud.js';
import { alikafkaModels as A, fcModels as F, sdkClients, eventBridgeTriggers } from './sdk-clients.js';

const exec = promisify(execFile);
const running: LocalCloud[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.close()));
});

async function up(dataDir: string) {
  const cloud = await startLocalCloud({ dataDir, kafkaPort: 0, ossPort: 0, apiPort: 0, alikafkaIntervalMs: 0 });
  running.push(cloud);
  return { cloud, ...sdkClients(cloud.description.api!.endpoint, cloud.accessKey) };
}

/** A function that appends each event's partition:offset:value to the file named by OUT, and throws on "boom". */
const recorder = `
const fs = require('fs');
exports.handler = async (event) => {
  const events = JSON.parse(event.toString());
  for (const e of events) {
    const d = (typeof e === 'string' ? JSON.parse(e) : e).data;
    if (d.value === 'boom') throw new Error('boom at offset ' + d.offset);
    fs.appendFileSync(process.env.OUT, d.partition + ':' + d.offset + ':' + d.value + '\\n');
  }
  return 'ok';
};`;

const zip = (code: string) => Buffer.from(zipSync({ 'index.js': strToU8(code) })).toString('base64');

function triggerConfig(instanceId: string, topic: string, group: string, dlq?: string) {
  return JSON.stringify({
    eventSourceConfig: { eventSourceType: 'Kafka', eventSourceParameters: { sourceKafkaParameters: { RegionId: 'cn-hangzhou', InstanceId: instanceId, Topic: topic, ConsumerGroup: group, OffsetReset: 'earliest', Network: 'Default' } } },
    runOptions: {
      mode: 'event-streaming', maximumTasks: 2, errorsTolerance: 'ALL',
      retryStrategy: { PushRetryStrategy: 'BACKOFF_RETRY', MaximumRetryAttempts: 2 },
      ...(dlq ? { deadLetterQueue: { Arn: `acs:alikafka:cn-hangzhou:1000000000000001:instance/${instanceId}/topic/${dlq}` } } : {}),
      batchWindow: { CountBasedWindow: 10, TimeBasedWindow: 1 },
    },
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const linesOf = async (path: string) => (await readFile(path, 'utf8').catch(() => '')).split('\n').filter(Boolean);

async function kcatProduce(bootstrap: string, topic: string, partition: number, values: string[]) {
  const child = execFile('kcat', ['-P', '-b', bootstrap, '-t', topic, '-p', String(partition)]);
  child.stdin!.end(`${values.join('\n')}\n`);
  await new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(undefined) : reject(new Error(`kcat exited ${code}`)))));
}

describe('a Kafka trigger created through the FC SDK', () => {
  it('runs the uploaded function in order per partition, dead-letters a failing event, and resumes after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-trigger-'));
    const out = join(dataDir, 'received.txt');
    const first = await up(dataDir);
    const instanceId = first.cloud.api!.account.instance.instanceId;
    const bootstrap = first.cloud.description.kafka!.bootstrapServers;
    for (const [topic, partitionNum] of [['events', '2'], ['events-dlq', '2']] as const) {
      const created = await first.alikafka.createTopic(new A.CreateTopicRequest({ regionId: 'cn-hangzhou', instanceId, topic, remark: 'trigger-test', partitionNum }));
      expect(created.body!.success).toBe(true);
    }
    // a new topic is running only after a while (GetTopicList Status 0), and a trigger may refer to running topics only
    await waitFor(async () => {
      const listed = (await first.alikafka.getTopicList(new A.GetTopicListRequest({ regionId: 'cn-hangzhou', instanceId }))).body!.topicList!.topicVO!;
      return listed.length === 2 && listed.every((t) => t.status === 0) ? true : undefined;
    }, 'the new topics to be running');
    await first.fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    await first.fc.createFunction('svc', new F.CreateFunctionRequest({ functionName: 'recorder', runtime: 'nodejs18', handler: 'index.handler', timeout: 10, environmentVariables: { OUT: out }, code: new F.Code({ zipFile: zip(recorder) }) }));
    await eventBridgeTriggers(first.fc).create('svc', 'recorder', new F.CreateTriggerRequest({ triggerName: 'kafka', triggerType: 'eventbridge', triggerConfig: triggerConfig(instanceId, 'events', 'connect-trigger-test', 'events-dlq') }));

    await kcatProduce(bootstrap, 'events', 0, ['a1', 'a2']);
    await kcatProduce(bootstrap, 'events', 1, ['b1', 'b2', 'b3']);
    await waitFor(async () => ((await linesOf(out)).length === 5 ? true : undefined), 'both partitions to be delivered');
    const lines = await linesOf(out);
    expect(lines.filter((l) => l.startsWith('0:'))).toEqual(['0:0:a1', '0:1:a2']);
    expect(lines.filter((l) => l.startsWith('1:'))).toEqual(['1:0:b1', '1:1:b2', '1:2:b3']);

    // A failing event is retried, then (errorsTolerance ALL) dead-lettered, and the partition goes on.
    await kcatProduce(bootstrap, 'events', 0, ['boom']);
    await waitFor(async () => {
      const { stdout } = await exec('kcat', ['-C', '-b', bootstrap, '-t', 'events-dlq', '-e', '-q', '-f', '%s\\n']);
      return stdout.includes('boom') ? true : undefined;
    }, 'the dead-letter topic to receive the failing event');
    await kcatProduce(bootstrap, 'events', 0, ['a3']);
    await waitFor(async () => ((await linesOf(out)).includes('0:3:a3') ? true : undefined), 'the message after the failing one');
    expect((await linesOf(out)).filter((l) => l.startsWith('0:'))).toEqual(['0:0:a1', '0:1:a2', '0:3:a3']);

    await first.cloud.close();
    running.splice(0);
    const second = await up(dataDir);
    const bootstrap2 = second.cloud.description.kafka!.bootstrapServers;
    expect((await eventBridgeTriggers(second.fc).get('svc', 'recorder', 'kafka')).body!.triggerType).toBe('eventbridge');
    const topics = await second.alikafka.getTopicList(new A.GetTopicListRequest({ regionId: 'cn-hangzhou', instanceId }));
    expect(topics.body!.topicList!.topicVO!.map((t) => t.topic)).toEqual(['events', 'events-dlq']);
    const before = (await linesOf(out)).length;
    await kcatProduce(bootstrap2, 'events', 1, ['b4']);
    const after = await waitFor(async () => {
      const l = await linesOf(out);
      return l.includes('1:3:b4') ? l : undefined;
    }, 'the message sent after the restart');
    // Resumed from the committed offsets: only the new message was delivered again.
    expect(after.slice(before)).toEqual(['1:3:b4']);
  });
});
