import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { profileTarget } from '../../src/cloud/target.js';
import { startControlPlane, type ControlPlane } from '../../src/emulator/openapi/index.js';
import { MemoryBroker } from '../emulator/openapi/memory-broker.js';

const key = { accessKeyId: 'LTAIthrottleTest01', accessKeySecret: 'throttle-test-secret-01' };
const answers: string[] = [];
const broker = new MemoryBroker();
let plane: ControlPlane;

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-throttle-'));
  plane = await startControlPlane({ dataDir, broker, accounts: [key], alikafkaIntervalMs: 1000, log: (line) => answers.push(line) });
});

afterAll(async () => {
  await plane.close();
});

describe('alikafka flow control through the adapter', () => {
  it('retries a burst of CreateTopic calls through Throttling.User until every topic exists', async () => {
    const target = profileTarget('burst', { regionId: 'cn-hangzhou', ...key, apiEndpoint: plane.endpoint, protocol: 'http' });
    const alikafka = new AlikafkaApi(target);
    const instanceId = plane.account.instance.instanceId;
    const topics = ['burst-a', 'burst-b', 'burst-c', 'burst-d'];
    await Promise.all(topics.map((topic) => alikafka.createTopic({ instanceId, topic, remark: 'burst', partitionNum: 2, localTopic: false, compactTopic: false })));

    expect([...broker.topics.keys()].sort()).toEqual(topics);
    expect(answers.filter((line) => line.includes('CreateTopic 400 Throttling.User')).length).toBeGreaterThanOrEqual(3);
    expect(answers.filter((line) => line.startsWith('alikafka CreateTopic 200'))).toHaveLength(4);
  });
});
