import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AlikafkaModule, { GetInstanceListRequest } from '@alicloud/alikafka20190916';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { sdkClientClass } from '../../src/cloud/sdk-interop.js';
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
    // One adapter queues its own calls at the documented rate (src/cloud/pacer.ts); four of them — four
    // processes of one user, say — still run into the service's flow control and must ride it out.
    const instanceId = plane.account.instance.instanceId;
    const topics = ['burst-a', 'burst-b', 'burst-c', 'burst-d'];
    const before = answers.length;
    await Promise.all(topics.map((topic) => new AlikafkaApi(target).createTopic({ instanceId, topic, remark: 'burst', partitionNum: 2, localTopic: false, compactTopic: false })));

    expect([...broker.topics.keys()].filter((t) => t.startsWith('burst-')).sort()).toEqual(topics);
    const seen = answers.slice(before);
    expect(seen.filter((line) => line.includes('CreateTopic 400 Throttling.User')).length).toBeGreaterThanOrEqual(3);
    expect(seen.filter((line) => line.startsWith('alikafka CreateTopic 200'))).toHaveLength(4);
  });
});

describe('every form of alikafka flow control, through the SDK', () => {
  const quiet = new MemoryBroker();
  const log: string[] = [];
  let api: ControlPlane;
  let tool: AlikafkaApi;

  beforeAll(async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-throttle-forms-'));
    api = await startControlPlane({ dataDir, broker: quiet, accounts: [key], alikafkaIntervalMs: 0, log: (line) => log.push(line) });
    tool = new AlikafkaApi(profileTarget('forms', { regionId: 'cn-hangzhou', ...key, apiEndpoint: api.endpoint, protocol: 'http' }));
  });

  afterEach(() => api.faults.clear());

  afterAll(async () => {
    await api.close();
  });

  it("shows why: the SDK's numeric Code cannot hold a string Code sent with HTTP 200 and Success:false", async () => {
    api.faults.failNext(1, { action: 'GetInstanceList', code: 'ONS_SYSTEM_FLOW_CONTROL', successFalse: true });
    const sdk = new (sdkClientClass(AlikafkaModule))(new $OpenApiUtil.Config({ ...key, endpoint: api.endpoint, protocol: 'http', regionId: 'cn-hangzhou' }));
    await expect(sdk.getInstanceList(new GetInstanceListRequest({ regionId: 'cn-hangzhou' }))).rejects.toThrow(/type of code is mismatch, expect number, but string/);
  });

  const forms = [
    { name: 'Throttling.User (gateway, 400)', fault: { code: 'Throttling.User', status: 400 } },
    { name: 'Throttling (gateway, 400)', fault: { code: 'Throttling', status: 400 } },
    { name: 'ONS_SYSTEM_FLOW_CONTROL (gateway, 400)', fault: { code: 'ONS_SYSTEM_FLOW_CONTROL', status: 400, message: 'The system is busy.' } },
    { name: 'ONS_SYSTEM_FLOW_CONTROL (HTTP 200, Success:false)', fault: { code: 'ONS_SYSTEM_FLOW_CONTROL', successFalse: true, message: 'The system is busy.' } },
  ];
  it.each(forms)('retries through $name with backoff until the call goes through', async ({ name, fault }) => {
    const group = `group-${forms.findIndex((f) => f.name === name)}`;
    api.faults.failNext(2, { action: 'CreateConsumerGroup', ...fault });
    const before = log.length;
    await tool.createConsumerGroup(api.account.instance.instanceId, group);
    const answers = log.slice(before).filter((line) => line.includes('CreateConsumerGroup'));
    expect(answers.filter((line) => line.includes(fault.code))).toHaveLength(2);
    expect(answers.at(-1)).toMatch(/^alikafka CreateConsumerGroup 200 /);
    expect((await tool.listConsumerGroups(api.account.instance.instanceId)).map((g) => g.consumerId)).toContain(group);
  });

  it('fails at once on a string Code in a 200 answer that is not flow control, naming that code', async () => {
    api.faults.failNext(1, { action: 'CreateConsumerGroup', code: 'BIZ_CONSUMER_NAME_INVALID', successFalse: true, message: 'The group name is invalid.' });
    const err = await tool.createConsumerGroup(api.account.instance.instanceId, 'group-refused').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BIZ_CONSUMER_NAME_INVALID', status: 200, message: expect.stringContaining('The group name is invalid.') });
    expect((await tool.listConsumerGroups(api.account.instance.instanceId)).map((g) => g.consumerId)).not.toContain('group-refused');
  });

  it('retries a burst through the flow control answering ONS_SYSTEM_FLOW_CONTROL as HTTP 200 with Success:false', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-throttle-200-'));
    const lines: string[] = [];
    const strict = await startControlPlane({
      dataDir, broker: new MemoryBroker(), accounts: [key], alikafkaIntervalMs: 1000, alikafkaFlowControl: 'ONS_SYSTEM_FLOW_CONTROL (200, Success:false)', log: (line) => lines.push(line),
    });
    try {
      const target = profileTarget('strict', { regionId: 'cn-hangzhou', ...key, apiEndpoint: strict.endpoint, protocol: 'http' });
      const instanceId = strict.account.instance.instanceId;
      // three adapters, as three processes: each paces itself, together they are throttled
      await Promise.all(['a', 'b', 'c'].map((g) => new AlikafkaApi(target).createConsumerGroup(instanceId, `burst-${g}`)));
      expect(lines.filter((line) => line.includes('CreateConsumerGroup 200 ONS_SYSTEM_FLOW_CONTROL')).length).toBeGreaterThanOrEqual(2);
      expect(lines.filter((line) => line.startsWith('alikafka CreateConsumerGroup 200'))).toHaveLength(3);
    } finally {
      await strict.close();
    }
  });
});
