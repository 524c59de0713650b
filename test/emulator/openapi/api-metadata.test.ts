import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import VpcModule, * as V from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { RuntimeOptions } from '@alicloud/tea-util';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkClientClass } from '../../../src/cloud/sdk-interop.js';
import { FC_RULES } from '../../../src/emulator/openapi/api-metadata/fc.js';
import { FC_ROUTES } from '../../../src/emulator/openapi/fc.js';
import { startControlPlane, type ControlPlane } from '../../../src/emulator/openapi/index.js';
import { RPC_PRODUCTS } from '../../../src/emulator/openapi/rpc.js';
import { MemoryBroker } from './memory-broker.js';
import { alikafkaModels as A, fcModels as F, rmModels as R, sdkClients, type Key } from './sdk-clients.js';

const key: Key = { accessKeyId: 'LTAImetadataTest001', accessKeySecret: 'metadata-test-secret-001' };
const regionId = 'cn-hangzhou';
const running: ControlPlane[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

async function plane() {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-api-meta-'));
  const api = await startControlPlane({ dataDir, broker: new MemoryBroker(), accounts: [key], alikafkaIntervalMs: 0 });
  running.push(api);
  return { api, ...sdkClients(api.endpoint, key) };
}

const zipFile = Buffer.from(zipSync({ 'index.js': strToU8('exports.handler = () => 1;') })).toString('base64');

describe('the published-metadata tables', () => {
  it('cover every RPC action and every FC operation that takes a JSON body, each naming its source', () => {
    for (const product of RPC_PRODUCTS.values()) {
      for (const action of Object.keys(product.actions)) {
        expect(product.rules[action], `${product.name} ${action}`).toMatchObject({ source: expect.stringMatching(/\S/) });
      }
    }
    const written = FC_ROUTES.filter((r) => r.body === 'json' && r.method !== 'GET' && !r.action.startsWith('Delete'));
    for (const route of written) expect(FC_RULES[route.action], route.action).toMatchObject({ source: expect.stringMatching(/\S/) });
  });
});

describe('RPC calls checked against the metadata, answered as the gateway answers', () => {
  it('refuses a missing required parameter, a value of the wrong type and one outside its enumeration', async () => {
    const { api, alikafka, rm } = await plane();
    const instanceId = api.account.instance.instanceId;
    await expect(alikafka.getInstanceList(new A.GetInstanceListRequest({}))).rejects.toMatchObject({ statusCode: 400, code: 'MissingParameter', data: { Message: expect.stringContaining('"RegionId"') } });
    await expect(alikafka.deleteTopic(new A.DeleteTopicRequest({ regionId, instanceId }))).rejects.toMatchObject({ statusCode: 400, code: 'MissingParameter' });
    await expect(alikafka.listTagResources(new A.ListTagResourcesRequest({ regionId, resourceType: 'BUCKET' })))
      .rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter', data: { Message: expect.stringContaining('INSTANCE, TOPIC, CONSUMERGROUP') } });
    await expect(alikafka.tagResources(new A.TagResourcesRequest({ regionId, resourceType: 'TOPIC', resourceId: [`Kafka_${instanceId}_x`] })))
      .rejects.toMatchObject({ statusCode: 400, code: 'MissingParameter', data: { Message: expect.stringContaining('"Tag.1"') } });

    const raw = (action: string, query: Record<string, string>) => alikafka.callApi(
      new $OpenApiUtil.Params({ action, version: '2019-09-16', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' }),
      new $OpenApiUtil.OpenApiRequest({ query }),
      new RuntimeOptions({}) as never,
    );
    await expect(raw('CreateTopic', { RegionId: regionId, InstanceId: instanceId, Topic: 'typed', Remark: 'remark', LocalTopic: 'maybe' }))
      .rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter', data: { Message: expect.stringContaining('LocalTopic') } });
    await expect(raw('GetConsumerList', { RegionId: regionId, InstanceId: instanceId, PageSize: 'ten' })).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });

    await expect(rm.getRole(new R.GetRoleRequest({ roleName: 'not a role!' }))).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    await expect(rm.createServiceLinkedRole(new R.CreateServiceLinkedRoleRequest({}))).rejects.toMatchObject({ statusCode: 400, code: 'MissingParameter' });
    const vpc = new (sdkClientClass(VpcModule))(new $OpenApiUtil.Config({ ...key, endpoint: api.endpoint, protocol: 'http', regionId }));
    await expect(vpc.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId }))).rejects.toMatchObject({ statusCode: 400, code: 'MissingParameter' });
  });

  it("answers alikafka's name and partition rules as business failures (HTTP 200, Success:false)", async () => {
    const { api, alikafka } = await plane();
    const instanceId = api.account.instance.instanceId;
    const group = await alikafka.createConsumerGroup(new A.CreateConsumerGroupRequest({ regionId, instanceId, consumerId: 'g' }));
    expect(group.body).toMatchObject({ success: false, code: 400, message: expect.stringContaining('3–64 characters') });
    const topic = await alikafka.createTopic(new A.CreateTopicRequest({ regionId, instanceId, topic: 'ok-topic', remark: 'remark', partitionNum: '0' }));
    expect(topic.body).toMatchObject({ success: false, message: 'PartitionNum must be 1–360 (got 0).' });
  });
});

describe('FC bodies checked against the metadata, answered with InvalidArgument', () => {
  it('refuses missing required fields, wrong types and values outside the documented ranges', async () => {
    const { fc } = await plane();
    await expect(fc.createService(new F.CreateServiceRequest({ description: 'no name' }))).rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: 'serviceName is required' } });
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    const create = (fields: Record<string, unknown>) => fc.createFunction('svc', new F.CreateFunctionRequest({
      functionName: 'fn', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile }), ...fields,
    }));
    await expect(create({ functionName: 'f'.repeat(65) })).rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('functionName') } });
    await expect(create({ runtime: undefined })).rejects.toMatchObject({ statusCode: 400, data: { ErrorMessage: 'runtime is required' } });
    await expect(create({ memorySize: 200 })).rejects.toMatchObject({ statusCode: 400, data: { ErrorMessage: expect.stringContaining('multiple of 64') } });
    await expect(create({ timeout: 86401 })).rejects.toMatchObject({ statusCode: 400, data: { ErrorMessage: expect.stringContaining('timeout') } });
    await create({ functionName: 'f'.repeat(64), memorySize: 192 });
    await expect(fc.createTrigger('svc', 'f'.repeat(64), new F.CreateTriggerRequest({ triggerName: 't', triggerType: 'eventbridge' })))
      .rejects.toMatchObject({ statusCode: 400, data: { ErrorMessage: 'triggerConfig is required' } });
    await expect(fc.tagResource(new F.TagResourceRequest({ tags: { a: 'b' } }))).rejects.toMatchObject({ statusCode: 400, data: { ErrorMessage: 'resourceArn is required' } });
  });
});
