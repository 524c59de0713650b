import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../../src/emulator/openapi/index.js';
import { MemoryBroker } from './memory-broker.js';
import { alikafkaModels as A, eventBridgeTriggers, fcModels as F, sdkClients } from './sdk-clients.js';

// A topic made by CreateTopic is running (GetTopicList Status 0) only after a while, and a trigger refuses a topic
// that is not running yet. Through @alicloud/alikafka20190916 and @alicloud/fc-open20210406.
const key = { accessKeyId: 'LTAIlocalTestKey01', accessKeySecret: 'local-test-secret-0001' };
const regionId = 'cn-hangzhou';
const running: ControlPlane[] = [];

async function start(topicReadyDelayMs: number) {
  const broker = new MemoryBroker();
  const plane = await startControlPlane({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-ready-')), broker, accounts: [key], alikafkaIntervalMs: 0, account: { topicReadyDelayMs } });
  running.push(plane);
  const clients = sdkClients(plane.endpoint, key);
  const instanceId = plane.account.instance.instanceId;
  const statusOf = async (topic: string) =>
    (await clients.alikafka.getTopicList(new A.GetTopicListRequest({ regionId, instanceId, topic }))).body!.topicList!.topicVO!.find((t) => t.topic === topic);
  const createTopic = (topic: string) => clients.alikafka.createTopic(new A.CreateTopicRequest({ regionId, instanceId, topic, remark: 'ready-test', partitionNum: '2' }));
  return { plane, broker, instanceId, statusOf, createTopic, ...clients };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

const triggerConfig = (instanceId: string, topic: string, dlq: string) => JSON.stringify({
  eventSourceConfig: { eventSourceType: 'Kafka', eventSourceParameters: { sourceKafkaParameters: { RegionId: regionId, InstanceId: instanceId, Topic: topic, ConsumerGroup: 'connect-ready', OffsetReset: 'earliest', Network: 'Default' } } },
  runOptions: { mode: 'event-streaming', errorsTolerance: 'ALL', deadLetterQueue: { Arn: `acs:alikafka:${regionId}:1000000000000001:instance/${instanceId}/topic/${dlq}` } },
});

async function functionIn(fc: ReturnType<typeof sdkClients>['fc']) {
  await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
  const zipFile = Buffer.from(zipSync({ 'index.js': strToU8('exports.handler = async () => "ok";') })).toString('base64');
  await fc.createFunction('svc', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs18', handler: 'index.handler', code: new F.Code({ zipFile }) }));
}

describe('topic readiness on the local instance', () => {
  it('lists a new topic as not running (Status 1, Creating) until its delay has passed, then as Running', async () => {
    // the instance reads its delay live: an hour keeps the topic Creating until the test ends the delay
    const { plane, createTopic, statusOf } = await start(3_600_000);
    await createTopic('fresh-topic');
    expect(await statusOf('fresh-topic')).toMatchObject({ status: 1, statusName: 'Creating' });
    plane.account.instance.topicReadyDelayMs = 0;
    expect(await statusOf('fresh-topic')).toMatchObject({ status: 0, statusName: 'Running' });
  });

  it('lists a topic as Creating for as long as its delay lasts, and one made on the broker directly (a Kafka client) as running at once', async () => {
    const { broker, statusOf, createTopic } = await start(60_000);
    await createTopic('slow-topic');
    expect(await statusOf('slow-topic')).toMatchObject({ status: 1, statusName: 'Creating' });
    await broker.createTopic('by-kafka-client', { partitions: 2 });
    expect(await statusOf('by-kafka-client')).toMatchObject({ status: 0, statusName: 'Running' });
  });

  it('CreateTrigger and UpdateTrigger refuse a source or dead-letter topic that is not running yet', async () => {
    const { createTopic, fc, broker, instanceId } = await start(60_000);
    await functionIn(fc);
    await createTopic('new-source');
    await broker.createTopic('old-source', { partitions: 2 });
    await broker.createTopic('old-dlq', { partitions: 2 });
    const notRunning = (topic: string) => ({ statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: `triggerConfig is invalid: the topic '${topic}' of instance ${instanceId} is not running yet (it is being created)` } });
    const triggers = eventBridgeTriggers(fc);
    const create = (name: string, topic: string, dlq: string) =>
      triggers.create('svc', 'fn', new F.CreateTriggerRequest({ triggerName: name, triggerType: 'eventbridge', triggerConfig: triggerConfig(instanceId, topic, dlq) }));
    await expect(create('t1', 'new-source', 'old-dlq')).rejects.toMatchObject(notRunning('new-source'));
    await createTopic('new-dlq');
    await expect(create('t1', 'old-source', 'new-dlq')).rejects.toMatchObject(notRunning('new-dlq'));
    await create('t1', 'old-source', 'old-dlq');
    await expect(triggers.update('svc', 'fn', 't1', new F.UpdateTriggerRequest({ triggerConfig: triggerConfig(instanceId, 'new-source', 'old-dlq') }))).rejects.toMatchObject(notRunning('new-source'));
  });
});
