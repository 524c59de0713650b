import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../src/emulator/local-cloud.js';
import { startTestCloud } from '../../support/test-cloud.js';
import { alikafkaModels as A, sdkClients } from './sdk-clients.js';

// alikafka GetConsumerProgress, answered from the broker's committed offsets and end offsets, through the official SDK.
let cloud: LocalCloud;
let instanceId: string;
let alikafka: ReturnType<typeof sdkClients>['alikafka'];
let kafka: Kafka;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-progress-', alikafkaIntervalMs: 0 });
  ({ cloud, instanceId } = started);
  alikafka = sdkClients(started.profile.apiEndpoint!, cloud.accessKey).alikafka;
  await started.alikafka.createTopic({ instanceId, topic: 'progress', remark: 'progress', partitionNum: 3, localTopic: false, compactTopic: false });
  await started.alikafka.createConsumerGroup(instanceId, 'connect-progress');
  kafka = new Kafka({ brokers: [started.target.kafkaBootstrapServers!], clientId: 'progress-test', logLevel: logLevel.NOTHING });
});

afterAll(async () => {
  await cloud?.close();
});

const progress = (consumerId: string) => alikafka.getConsumerProgress(new A.GetConsumerProgressRequest({ regionId: 'cn-hangzhou', instanceId, consumerId }));

describe('GetConsumerProgress through @alicloud/alikafka20190916', () => {
  it('answers a group that committed nothing yet with no topics and no lag', async () => {
    const body = (await progress('connect-progress')).body!;
    expect(body).toMatchObject({ success: true, code: 200, consumerProgress: { totalDiff: 0, state: 'EMPTY', topicList: { topicList: [] } } });
  });

  it('reports per partition the end offset, the committed offset and the lag, with totals', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'progress', messages: [...Array.from({ length: 10 }, () => ({ partition: 0, value: 'a' })), ...Array.from({ length: 4 }, () => ({ partition: 2, value: 'b' }))] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: 'connect-progress', topic: 'progress', partitions: [{ partition: 0, offset: '7' }, { partition: 2, offset: '4' }] });
    await admin.disconnect();

    const body = (await progress('connect-progress')).body!;
    expect(body.consumerProgress).toMatchObject({
      totalDiff: 3,
      lastTimestamp: -1,
      state: 'EMPTY',
      topicList: {
        topicList: [{
          topic: 'progress',
          totalDiff: 3,
          offsetList: {
            offsetList: [
              { partition: 0, brokerOffset: 10, consumerOffset: 7, accumulate: 3 },
              { partition: 2, brokerOffset: 4, consumerOffset: 4, accumulate: 0 },
            ],
          },
        }],
      },
    });
  });

  it('refuses a group the instance does not have, as alikafka does (HTTP 200, Success:false)', async () => {
    const response = await progress('no-such-group');
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ success: false, code: 404, message: `The consumer group no-such-group does not exist in instance ${instanceId}.` });
  });
});
