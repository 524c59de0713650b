import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../src/emulator/openapi/index.js';
import { AlikafkaApi, TopicNotReadyError } from '../../src/cloud/alikafka.js';
import { profileTarget } from '../../src/cloud/target.js';
import { MemoryBroker } from '../emulator/openapi/memory-broker.js';

// AlikafkaApi.createTopic waits, as Terraform does, until GetTopicList reports the new topic running (Status 0).
const key = { accessKeyId: 'LTAItopicReadyTest1', accessKeySecret: 'topic-ready-secret-01' };
const running: ControlPlane[] = [];

async function start(topicReadyDelayMs: number) {
  const plane = await startControlPlane({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-topic-ready-')), broker: new MemoryBroker(), accounts: [key], alikafkaIntervalMs: 0, account: { topicReadyDelayMs } });
  running.push(plane);
  const target = profileTarget('topic-ready', { regionId: 'cn-hangzhou', ...key, apiEndpoint: plane.endpoint, protocol: 'http', ossEndpoint: 'http://127.0.0.1:9' });
  return { plane, target, instanceId: plane.account.instance.instanceId };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

describe('createTopic waits until the topic is running', () => {
  it('returns only once GetTopicList reports the new topic with Status 0', async () => {
    // the local instance reads its delay live: an hour holds the topic in Creating until the test lets it run
    const { plane, target, instanceId } = await start(3_600_000);
    const alikafka = new AlikafkaApi(target, { timeoutMs: 120_000, pollMs: 200 });
    let returned = false;
    const creating = alikafka.createTopic({ instanceId, topic: 'connect-error-ready', remark: 'kafka-oss', partitionNum: 6, localTopic: false, compactTopic: false })
      .then(() => void (returned = true));
    await expect.poll(() => alikafka.topicStatus(instanceId, 'connect-error-ready'), { timeout: 60_000 }).toBe(1);
    expect(returned).toBe(false);
    plane.account.instance.topicReadyDelayMs = 0;
    await creating;
    expect(await alikafka.topicStatus(instanceId, 'connect-error-ready')).toBe(0);
  });

  it('gives up after its bound with an error naming the topic, what GetTopicList said and what to do', async () => {
    const { target, instanceId } = await start(600_000);
    const alikafka = new AlikafkaApi(target, { timeoutMs: 1000, pollMs: 200 });
    const err = await alikafka.createTopic({ instanceId, topic: 'connect-slow', remark: 'kafka-oss', partitionNum: 6, localTopic: false, compactTopic: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TopicNotReadyError);
    expect((err as Error).message).toBe(`topic connect-slow was created in ${instanceId} but is not running after 1 s (GetTopicList: Status 1); run the command again once it is`);
  });

  it('matches the topic by its exact name, though GetTopicList\'s Topic filter also matches longer names', async () => {
    const { target, instanceId } = await start(0);
    const alikafka = new AlikafkaApi(target, { timeoutMs: 5_000, pollMs: 100 });
    await alikafka.createTopic({ instanceId, topic: 'orders-archive', remark: 'kafka-oss', partitionNum: 2, localTopic: false, compactTopic: false });
    expect(await alikafka.topicStatus(instanceId, 'orders')).toBeUndefined();
  });
});
