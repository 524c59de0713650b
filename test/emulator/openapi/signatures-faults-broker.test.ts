import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import AlikafkaModule from '@alicloud/alikafka20190916';
import VpcModule, * as V from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkClientClass } from '../../../src/cloud/sdk-interop.js';
import type { BrokerAdmin } from '../../../src/emulator/contracts.js';
import { startKafkaBroker } from '../../../src/emulator/kafka/index.js';
import { startControlPlane, type ControlPlane } from '../../../src/emulator/openapi/index.js';
import { MemoryBroker } from './memory-broker.js';
import { alikafkaModels as A, fcModels as F, sdkClients, type Key } from './sdk-clients.js';

const exec = promisify(execFile);
const Alikafka = sdkClientClass(AlikafkaModule);
const Vpc = sdkClientClass(VpcModule);
const key: Key = { accessKeyId: 'LTAIsignatureTest01', accessKeySecret: 'signature-test-secret-01' };
const regionId = 'cn-hangzhou';
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function plane(broker: BrokerAdmin = new MemoryBroker()): Promise<ControlPlane> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-api-sig-'));
  const started = await startControlPlane({ dataDir, broker, accounts: [key], alikafkaIntervalMs: 0 });
  closers.push(() => started.close());
  return started;
}

/** The official alikafka client in its older mode: RPC parameters signed with HMAC-SHA1 (`Signature`). */
const v1Alikafka = (endpoint: string, k: Key) =>
  new Alikafka(new $OpenApiUtil.Config({ ...k, endpoint, protocol: 'http', regionId, signatureAlgorithm: 'v2' }));

const vpcClient = (endpoint: string, k: Key) => new Vpc(new $OpenApiUtil.Config({ ...k, endpoint, protocol: 'http', regionId }));

describe('the older RPC signature (HMAC-SHA1, Signature parameter)', () => {
  it('accepts a correctly signed call and rejects a wrong secret and an unknown key', async () => {
    const api = await plane();
    const listed = await v1Alikafka(api.endpoint, key).getInstanceList(new A.GetInstanceListRequest({ regionId }));
    expect(listed.body!.instanceList!.instanceVO![0]!.instanceId).toBe(api.account.instance.instanceId);

    const created = await v1Alikafka(api.endpoint, key).createConsumerGroup(new A.CreateConsumerGroupRequest({
      regionId, instanceId: api.account.instance.instanceId, consumerId: 'signed-v1', remark: 'hmac-sha1',
    }));
    expect(created.body!.success).toBe(true);

    await expect(v1Alikafka(api.endpoint, { ...key, accessKeySecret: 'wrong' }).getInstanceList(new A.GetInstanceListRequest({ regionId })))
      .rejects.toMatchObject({ statusCode: 400, code: 'SignatureDoesNotMatch' });
    await expect(v1Alikafka(api.endpoint, { accessKeyId: 'LTAInobody', accessKeySecret: 'x' }).getInstanceList(new A.GetInstanceListRequest({ regionId })))
      .rejects.toMatchObject({ statusCode: 404, code: 'InvalidAccessKeyId.NotFound' });
  });
});

describe('local VPC API through @alicloud/vpc20160428', () => {
  it('tells which VPC a VSwitch is in, and rejects a wrong secret', async () => {
    const api = await plane();
    const vpc = vpcClient(api.endpoint, key);
    const own = await vpc.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId, vSwitchId: 'vsw-local02' }));
    expect(own.body).toMatchObject({ vSwitchId: 'vsw-local02', vpcId: 'vpc-local01' });
    const other = await vpc.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId, vSwitchId: 'vsw-other01' }));
    expect(other.body!.vpcId).toBe('vpc-other01');
    await expect(vpc.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId, vSwitchId: 'vsw-nope' })))
      .rejects.toMatchObject({ statusCode: 404, code: 'InvalidVSwitchId.NotFound' });
    await expect(vpcClient(api.endpoint, { ...key, accessKeySecret: 'wrong' }).describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId, vSwitchId: 'vsw-local01' })))
      .rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
  });
});

describe('fault injection', () => {
  it('fails the next calls of an action or a path with the status and code asked for, then answers normally', async () => {
    const api = await plane();
    const { alikafka, fc } = sdkClients(api.endpoint, key);
    api.faults.failNext(1, { action: 'GetInstanceList', status: 503, code: 'ServiceUnavailable' });
    await expect(alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).rejects.toMatchObject({ statusCode: 503, code: 'ServiceUnavailable' });
    expect((await alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).body!.success).toBe(true);

    api.faults.failNext(2, { path: '/2021-04-06/services', status: 500, code: 'InternalServerError' });
    for (let i = 0; i < 2; i++) {
      await expect(fc.listServices(new F.ListServicesRequest({}))).rejects.toMatchObject({ statusCode: 500, data: { ErrorCode: 'InternalServerError' } });
    }
    expect((await fc.listServices(new F.ListServicesRequest({}))).body!.services).toEqual([]);
  });
});

describe('CreateTopic on the embedded Kafka broker', () => {
  it('creates the topic with the partitions and cleanup policy asked for, seen by the broker and by kcat', async () => {
    const broker = await startKafkaBroker({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-api-broker-')), port: 0 });
    closers.push(() => broker.close());
    const api = await plane(broker.admin);
    const { alikafka } = sdkClients(api.endpoint, key);
    const instanceId = api.account.instance.instanceId;

    const instance = (await alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).body!.instanceList!.instanceVO![0]!;
    expect([instance.endPoint, instance.domainEndpoint]).toEqual([broker.bootstrapServers, broker.bootstrapServers]);

    const create = (topic: string, partitionNum: number, compactTopic: boolean) => alikafka.createTopic(new A.CreateTopicRequest({
      regionId, instanceId, topic, remark: 'kafka-oss', partitionNum: String(partitionNum), localTopic: true, compactTopic,
    }));
    expect((await create('connect-status-demo', 6, true)).body!.success).toBe(true);
    expect((await create('connect-error-demo', 3, false)).body!.success).toBe(true);

    expect(await broker.admin.describeTopic('connect-status-demo')).toMatchObject({ partitions: 6, configs: expect.objectContaining({ 'cleanup.policy': 'compact' }) });
    expect(await broker.admin.describeTopic('connect-error-demo')).toMatchObject({ partitions: 3, configs: expect.objectContaining({ 'cleanup.policy': 'delete' }) });

    const { stdout } = await exec('kcat', ['-b', broker.bootstrapServers, '-L', '-J'], { timeout: 20_000 });
    const metadata = JSON.parse(stdout) as { topics: Array<{ topic: string; partitions: unknown[] }> };
    const partitionsOf = (name: string) => metadata.topics.find((t) => t.topic === name)?.partitions.length;
    expect([partitionsOf('connect-status-demo'), partitionsOf('connect-error-demo')]).toEqual([6, 3]);

    const listed = (await alikafka.getTopicList(new A.GetTopicListRequest({ regionId, instanceId }))).body!.topicList!.topicVO!;
    expect(listed.map((t) => [t.topic, t.partitionNum, t.compactTopic, t.localTopic])).toEqual([
      ['connect-error-demo', 3, false, true], ['connect-status-demo', 6, true, true],
    ]);

    expect((await alikafka.deleteTopic(new A.DeleteTopicRequest({ regionId, instanceId, topic: 'connect-error-demo' }))).body!.success).toBe(true);
    expect(await broker.admin.describeTopic('connect-error-demo')).toBeUndefined();
  });
});

describe('FC service tags through @alicloud/fc-open20210406', () => {
  it('tags a service, reads and lists its tags, untags it, and refuses a bad ARN or a missing service', async () => {
    const api = await plane();
    const { fc } = sdkClients(api.endpoint, key);
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'kafka-oss-demo', description: 'tagged' }));
    const arn = `acs:fc:${regionId}:${api.account.accountId}:services/kafka-oss-demo`;

    await fc.tagResource(new F.TagResourceRequest({ resourceArn: arn, tags: { 'kafka-oss:connector': 'demo', team: 'data' } }));
    expect((await fc.getResourceTags(new F.GetResourceTagsRequest({ resourceArn: arn }))).body).toEqual({ resourceArn: arn, tags: { 'kafka-oss:connector': 'demo', team: 'data' } });
    expect((await fc.listTaggedResources(new F.ListTaggedResourcesRequest({}))).body!.resources).toEqual([
      expect.objectContaining({ resourceArn: arn, tags: { 'kafka-oss:connector': 'demo', team: 'data' } }),
    ]);

    await fc.untagResource(new F.UntagResourceRequest({ resourceArn: arn, tagKeys: ['team'] }));
    expect((await fc.getResourceTags(new F.GetResourceTagsRequest({ resourceArn: arn }))).body!.tags).toEqual({ 'kafka-oss:connector': 'demo' });

    await expect(fc.tagResource(new F.TagResourceRequest({ resourceArn: 'services/kafka-oss-demo', tags: { a: 'b' } })))
      .rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument' } });
    await expect(fc.tagResource(new F.TagResourceRequest({ resourceArn: `acs:fc:${regionId}:${api.account.accountId}:services/nothing`, tags: { a: 'b' } })))
      .rejects.toMatchObject({ statusCode: 404, data: { ErrorCode: 'ServiceNotFound' } });
  });
});

describe('CreateTopic Config', () => {
  it('passes extra topic configs to the broker and answers a bad one with Success:false naming it', async () => {
    const broker = await startKafkaBroker({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-api-config-')), port: 0 });
    closers.push(() => broker.close());
    const api = await plane(broker.admin);
    const { alikafka } = sdkClients(api.endpoint, key);
    const create = (topic: string, config: string) => alikafka.createTopic(new A.CreateTopicRequest({
      regionId, instanceId: api.account.instance.instanceId, topic, remark: 'kafka-oss', partitionNum: '2', config,
    }));
    expect((await create('short-lived', '{"retention.ms":3600000}')).body!.success).toBe(true);
    expect((await broker.admin.describeTopic('short-lived'))!.configs).toMatchObject({ 'retention.ms': '3600000', 'cleanup.policy': 'delete' });

    expect((await create('not-json', 'retention.ms=1')).body).toMatchObject({ success: false, message: expect.stringContaining('Config must be a JSON object') });
    expect((await create('unknown-config', '{"no.such.config":"1"}')).body).toMatchObject({ success: false, message: expect.stringContaining('no.such.config') });
    expect(await broker.admin.describeTopic('unknown-config')).toBeUndefined();
  });
});

describe('alikafka tags through TagResources / UntagResources / ListTagResources', () => {
  it('tags topics and groups apart even under one name, lists them by type and tag, and untags them', async () => {
    const api = await plane();
    const { alikafka } = sdkClients(api.endpoint, key);
    const instanceId = api.account.instance.instanceId;
    await alikafka.createTopic(new A.CreateTopicRequest({ regionId, instanceId, topic: 'connect-demo', remark: 'kafka-oss', partitionNum: '2' }));
    await alikafka.createConsumerGroup(new A.CreateConsumerGroupRequest({ regionId, instanceId, consumerId: 'connect-demo' }));
    const id = `Kafka_${instanceId}_connect-demo`;

    const tagged = await alikafka.tagResources(new A.TagResourcesRequest({
      regionId, instanceId, resourceType: 'CONSUMERGROUP', resourceId: [id], tag: [new A.TagResourcesRequestTag({ key: 'kafka-oss:connector', value: 'demo' })],
    }));
    expect(tagged.body!.requestId).toBeTruthy();
    const listGroups = async () => (await alikafka.listTagResources(new A.ListTagResourcesRequest({ regionId, resourceType: 'CONSUMERGROUP' }))).body!.tagResources!.tagResource;
    expect(await listGroups()).toEqual([{ resourceId: id, resourceType: 'ALIYUN::ALIKAFKA::CONSUMERGROUP', tagKey: 'kafka-oss:connector', tagValue: 'demo' }]);
    expect((await alikafka.listTagResources(new A.ListTagResourcesRequest({ regionId, resourceType: 'TOPIC' }))).body!.tagResources!.tagResource).toEqual([]);
    const groups = await alikafka.getConsumerList(new A.GetConsumerListRequest({ regionId, instanceId }));
    expect(groups.body!.consumerList!.consumerVO![0]!.tags!.tagVO).toEqual([{ key: 'kafka-oss:connector', value: 'demo' }]);

    await expect(alikafka.tagResources(new A.TagResourcesRequest({
      regionId, instanceId, resourceType: 'TOPIC', resourceId: [`Kafka_${instanceId}_nothing`], tag: [new A.TagResourcesRequestTag({ key: 'k', value: 'v' })],
    }))).rejects.toMatchObject({ statusCode: 404, code: 'InvalidResourceId.NotFound', message: expect.stringContaining('nothing') });
    await expect(alikafka.listTagResources(new A.ListTagResourcesRequest({ regionId, resourceType: 'INSTANCE' })))
      .rejects.toMatchObject({ statusCode: 400, code: 'InvalidResourceType.NotSupported' });

    await alikafka.untagResources(new A.UntagResourcesRequest({ regionId, resourceType: 'CONSUMERGROUP', resourceId: [id], tagKey: ['kafka-oss:connector'] }));
    expect(await listGroups()).toEqual([]);
  });
});
