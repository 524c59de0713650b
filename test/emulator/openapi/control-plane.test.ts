import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlane, type ControlPlane } from '../../../src/emulator/openapi/index.js';
import type { FcRuntime, FunctionSpec, InvocationResult, KafkaTriggerSpec, TriggerState } from '../../../src/emulator/contracts.js';
import { deadLetterArn } from '../../../src/deploy/resources.js';
import { MemoryBroker } from './memory-broker.js';
import { alikafkaModels as A, fcModels as F, rmModels as R, sdkClients, eventBridgeTriggers } from './sdk-clients.js';

const key = { accessKeyId: 'LTAIlocalTestKey01', accessKeySecret: 'local-test-secret-0001' };
const running: ControlPlane[] = [];

async function start(opts: { dataDir?: string; broker?: MemoryBroker; runtime?: FcRuntime; interval?: number; eventBridgeActivated?: boolean } = {}) {
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'kafka-oss-api-')));
  const broker = opts.broker ?? new MemoryBroker();
  const plane = await startControlPlane({
    dataDir, broker, accounts: [key], alikafkaIntervalMs: opts.interval ?? 0, ...(opts.runtime ? { fcRuntime: opts.runtime } : {}),
    ...(opts.eventBridgeActivated !== undefined ? { eventBridgeActivated: opts.eventBridgeActivated } : {}),
  });
  running.push(plane);
  return { plane, broker, dataDir, ...sdkClients(plane.endpoint, key) };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()));
});

/** Records what the control plane asks of the function runtime. */
class RecordingRuntime implements FcRuntime {
  started: KafkaTriggerSpec[] = [];
  stopped: string[] = [];
  resolved: Array<FunctionSpec | undefined> = [];
  /** What triggerState answers for every trigger (the local EventBridge's stream state). */
  streamState: TriggerState | undefined;
  async invoke(fn: FunctionSpec, event: Buffer): Promise<InvocationResult> {
    return { status: 'ok', payload: JSON.stringify({ fn: fn.functionName, echo: event.toString() }), requestId: 'req-1', durationMs: 1 };
  }
  async startTrigger(trigger: KafkaTriggerSpec, resolve: () => FunctionSpec | undefined) {
    this.started.push(trigger);
    this.resolved.push(resolve());
  }
  async stopTrigger(s: string, f: string, t: string) {
    this.stopped.push(`${s}/${f}/${t}`);
  }
  triggerState() {
    return this.streamState ? { state: this.streamState } : undefined;
  }
  logs() {
    return [];
  }
  async readLogs() {
    return [];
  }
  async close() {}
}

const regionId = 'cn-hangzhou';

describe('local alikafka API through @alicloud/alikafka20190916', () => {
  it('lists the seeded instance, creates a topic the broker really has, and lists it', async () => {
    const { alikafka, broker } = await start();
    const instances = await alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }));
    const instance = instances.body!.instanceList!.instanceVO![0]!;
    expect(instance).toMatchObject({ vpcId: 'vpc-local01', vSwitchId: 'vsw-local01', serviceStatus: 5, endPoint: broker.bootstrapServers });

    const created = await alikafka.createTopic(new A.CreateTopicRequest({
      regionId, instanceId: instance.instanceId, topic: 'connect-offset-demo', remark: 'kafka-oss', partitionNum: '12', localTopic: true, compactTopic: true,
    }));
    expect(created.body!.success).toBe(true);
    expect(await broker.describeTopic('connect-offset-demo')).toEqual({ name: 'connect-offset-demo', partitions: 12, configs: { 'cleanup.policy': 'compact' } });

    const list = await alikafka.getTopicList(new A.GetTopicListRequest({ regionId, instanceId: instance.instanceId }));
    expect(list.body!.topicList!.topicVO).toEqual([
      expect.objectContaining({ topic: 'connect-offset-demo', partitionNum: 12, localTopic: true, compactTopic: true, remark: 'kafka-oss' }),
    ]);
  });

  it('answers bad CreateTopic calls with HTTP 200 and Success:false, as alikafka does', async () => {
    const { alikafka, plane } = await start();
    const instanceId = plane.account.instance.instanceId;
    const attempt = async (extra: Record<string, unknown>) =>
      (await alikafka.createTopic(new A.CreateTopicRequest({ regionId, instanceId, topic: 'orders', remark: 'orders', partitionNum: '6', ...extra }))).body!;
    expect(await attempt({ remark: 'x' })).toMatchObject({ success: false, message: expect.stringContaining('remark "x" must be 3–64 characters') });
    expect(await attempt({ partitionNum: '361' })).toMatchObject({ success: false, message: 'PartitionNum must be 1–360 (got 361).' });
    expect(await attempt({ topic: 'bad topic' })).toMatchObject({ success: false });
    expect(await attempt({ compactTopic: true, localTopic: false })).toMatchObject({ success: false, message: expect.stringContaining('LocalTopic') });
    expect(await attempt({})).toMatchObject({ success: true });
    expect(await attempt({})).toMatchObject({ success: false, message: expect.stringContaining('already exists') });
    // A parameter the API marks mandatory is refused by the gateway itself, with HTTP 400.
    await expect(alikafka.createTopic(new A.CreateTopicRequest({ regionId, instanceId, topic: 'no-remark' }))).rejects.toMatchObject({ statusCode: 400, code: 'MissingParameter' });
  });

  it('creates consumer groups with tags and lists them', async () => {
    const { alikafka, plane } = await start();
    const instanceId = plane.account.instance.instanceId;
    const created = await alikafka.createConsumerGroup(new A.CreateConsumerGroupRequest({
      regionId, instanceId, consumerId: 'connect-demo', remark: 'connector', tag: [new A.CreateConsumerGroupRequestTag({ key: 'kafka-oss:connector', value: 'demo' })],
    }));
    expect(created.body!.success).toBe(true);
    const again = await alikafka.createConsumerGroup(new A.CreateConsumerGroupRequest({ regionId, instanceId, consumerId: 'connect-demo' }));
    expect(again.body!.success).toBe(false);
    const groups = await alikafka.getConsumerList(new A.GetConsumerListRequest({ regionId, instanceId }));
    expect(groups.body!.consumerList!.consumerVO).toEqual([
      expect.objectContaining({ consumerId: 'connect-demo', remark: 'connector', tags: { tagVO: [{ key: 'kafka-oss:connector', value: 'demo' }] } }),
    ]);
    const deleted = await alikafka.deleteConsumerGroup(new A.DeleteConsumerGroupRequest({ regionId, instanceId, consumerId: 'connect-demo' }));
    expect(deleted.body!.success).toBe(true);
  });

  it('throttles a burst of CreateTopic calls with the gateway throttling error', async () => {
    const { alikafka, plane } = await start({ interval: 1000 });
    const instanceId = plane.account.instance.instanceId;
    const burst = await Promise.allSettled(
      [1, 2, 3, 4].map((n) => alikafka.createTopic(new A.CreateTopicRequest({ regionId, instanceId, topic: `burst-${n}`, remark: 'burst', partitionNum: '2' }))),
    );
    const rejected = burst.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected.length).toBeGreaterThanOrEqual(3);
    expect(rejected[0]!.reason).toMatchObject({ code: 'Throttling.User', statusCode: 400 });
  });
});

describe('signatures', () => {
  it('rejects a wrong secret and an unknown key for every API family', async () => {
    const { plane } = await start();
    const wrong = sdkClients(plane.endpoint, { accessKeyId: key.accessKeyId, accessKeySecret: 'not-the-secret' });
    await expect(wrong.alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    await expect(wrong.rm.getRole(new R.GetRoleRequest({ roleName: 'x' }))).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    await expect(wrong.fc.listServices(new F.ListServicesRequest({}))).rejects.toMatchObject({ statusCode: 403, data: { ErrorCode: 'SignatureNotMatch' } });
    const unknown = sdkClients(plane.endpoint, { accessKeyId: 'LTAInobody', accessKeySecret: 'x' });
    await expect(unknown.alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).rejects.toMatchObject({ code: 'InvalidAccessKeyId.NotFound' });
    await expect(unknown.rm.getRole(new R.GetRoleRequest({ roleName: 'x' }))).rejects.toMatchObject({ statusCode: 404, code: 'InvalidAccessKeyId.NotFound' });
    await expect(unknown.fc.listServices(new F.ListServicesRequest({}))).rejects.toMatchObject({ statusCode: 403, data: { ErrorCode: 'InvalidAccessKeyID' } });
  });
});

describe('local ResourceManager API', () => {
  it('creates a service-linked role once; the second call gets the already-exists error', async () => {
    const { rm } = await start();
    await expect(rm.getRole(new R.GetRoleRequest({ roleName: 'AliyunServiceRoleForAlikafkaConnector' }))).rejects.toMatchObject({ code: 'EntityNotExist.Role', statusCode: 404 });
    const created = await rm.createServiceLinkedRole(new R.CreateServiceLinkedRoleRequest({ serviceName: 'connector.alikafka.aliyuncs.com' }));
    expect(created.body!.role!.roleName).toBe('AliyunServiceRoleForAlikafkaConnector');
    await expect(rm.createServiceLinkedRole(new R.CreateServiceLinkedRoleRequest({ serviceName: 'connector.alikafka.aliyuncs.com' }))).rejects.toMatchObject({ code: 'EntityAlreadyExists.Role', statusCode: 409 });
    const got = await rm.getRole(new R.GetRoleRequest({ roleName: 'AliyunServiceRoleForAlikafkaConnector' }));
    expect(got.body!.role!.isServiceLinkedRole).toBe(true);
    const deleted = await rm.deleteServiceLinkedRole(new R.DeleteServiceLinkedRoleRequest({ roleName: 'AliyunServiceRoleForAlikafkaConnector' }));
    expect(deleted.body!.deletionTaskId).toBeTruthy();
    await expect(rm.getRole(new R.GetRoleRequest({ roleName: 'AliyunServiceRoleForAlikafkaConnector' }))).rejects.toMatchObject({ code: 'EntityNotExist.Role', statusCode: 404 });
  });
});

function zipOf(files: Record<string, string>): string {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])))).toString('base64');
}

const triggerConfig = (instanceId: string, topic: string) => JSON.stringify({
  triggerEnable: true,
  asyncInvocationType: false,
  eventSourceConfig: {
    eventSourceType: 'Kafka',
    eventSourceParameters: { sourceKafkaParameters: { RegionId: regionId, InstanceId: instanceId, Topic: topic, ConsumerGroup: 'connect-demo', OffsetReset: 'earliest', Network: 'Default' } },
  },
  eventRuleFilterPattern: '{}',
  runOptions: {
    mode: 'event-streaming', maximumTasks: 6, errorsTolerance: 'ALL',
    retryStrategy: { PushRetryStrategy: 'BACKOFF_RETRY' },
    deadLetterQueue: { Arn: `acs:alikafka:${regionId}:1000000000000001:instance/${instanceId}/topic/connect-error-demo` },
    batchWindow: { CountBasedWindow: 100, TimeBasedWindow: 3 },
  },
});

describe('local FC 2021-04-06 API through @alicloud/fc-open20210406', () => {
  it('creates, reads, lists, invokes and deletes a service, a function and a Kafka trigger', async () => {
    const runtime = new RecordingRuntime();
    const { fc, rm, plane, broker } = await start({ runtime });
    await broker.createTopic('orders', { partitions: 6 });
    const instanceId = plane.account.instance.instanceId;
    const trust = JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }], Version: '1' });
    const role = (await rm.createRole(new R.CreateRoleRequest({ roleName: 'fc-demo-role', assumeRolePolicyDocument: trust }))).body!.role!.arn!;

    await fc.createService(new F.CreateServiceRequest({
      serviceName: 'kafka-oss-demo', description: 'kafka-oss connector demo', role,
      vpcConfig: new F.VPCConfig({ vpcId: 'vpc-local01', vSwitchIds: ['vsw-local01'], securityGroupId: 'sg-local01' }),
    }));
    await expect(fc.createService(new F.CreateServiceRequest({ serviceName: 'kafka-oss-demo' }))).rejects.toMatchObject({ statusCode: 409, data: { ErrorCode: 'ServiceAlreadyExists' } });
    await expect(fc.createService(new F.CreateServiceRequest({
      serviceName: 'bad-vpc', role: 'r', vpcConfig: new F.VPCConfig({ vpcId: 'vpc-local01', vSwitchIds: ['vsw-other01'] }),
    }))).rejects.toMatchObject({ statusCode: 400, data: { ErrorMessage: "vSwitch 'vsw-other01' does not belong to VPC 'vpc-local01'" } });

    const created = await fc.createFunction('kafka-oss-demo', new F.CreateFunctionRequest({
      functionName: 'sink', runtime: 'nodejs18', handler: 'index.handler', timeout: 60, memorySize: 512,
      environmentVariables: { KAFKA_OSS_BUCKET: 'demo-bucket' },
      code: new F.Code({ zipFile: zipOf({ 'index.js': 'exports.handler = (e, c, cb) => cb(null, "ok");' }) }),
    }));
    expect(created.body).toMatchObject({ functionName: 'sink', runtime: 'nodejs18', memorySize: 512, environmentVariables: { KAFKA_OSS_BUCKET: 'demo-bucket' } });

    const trigger = await eventBridgeTriggers(fc).create('kafka-oss-demo', 'sink', new F.CreateTriggerRequest({
      triggerName: 'kafka-source', triggerType: 'eventbridge', triggerConfig: triggerConfig(instanceId, 'orders'),
    }));
    expect(trigger.body!.triggerName).toBe('kafka-source');
    expect(runtime.started[0]).toMatchObject({
      topic: 'orders', consumerGroup: 'connect-demo', offsetReset: 'earliest', maximumTasks: 6, errorsTolerance: 'ALL',
      deadLetterTopic: 'connect-error-demo', batchWindow: { countBasedWindow: 100, timeBasedWindowSeconds: 3 }, bootstrapServers: broker.bootstrapServers,
    });
    expect(runtime.resolved[0]).toMatchObject({ functionName: 'sink', handler: 'index.handler', environmentVariables: { KAFKA_OSS_BUCKET: 'demo-bucket' } });

    await expect(eventBridgeTriggers(fc).create('kafka-oss-demo', 'sink', new F.CreateTriggerRequest({
      triggerName: 'missing-topic', triggerType: 'eventbridge', triggerConfig: triggerConfig(instanceId, 'nope'),
    }))).rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument' } });

    const invoked = await fc.invokeFunction('kafka-oss-demo', 'sink', new F.InvokeFunctionRequest({ body: Buffer.from('[1]') }));
    expect(JSON.parse(invoked.body.toString())).toEqual({ fn: 'sink', echo: '[1]' });

    expect((await fc.getService('kafka-oss-demo', new F.GetServiceRequest({}))).body!.vpcConfig).toMatchObject({ vpcId: 'vpc-local01', vSwitchIds: ['vsw-local01'] });
    expect((await eventBridgeTriggers(fc).list('kafka-oss-demo', 'sink')).body!.triggers).toHaveLength(1);

    await expect(fc.deleteFunction('kafka-oss-demo', 'sink')).rejects.toMatchObject({ statusCode: 412 });
    await eventBridgeTriggers(fc).delete('kafka-oss-demo', 'sink', 'kafka-source');
    expect(runtime.stopped).toEqual(['kafka-oss-demo/sink/kafka-source']);
    await fc.deleteFunction('kafka-oss-demo', 'sink');
    await fc.deleteService('kafka-oss-demo');
    await expect(fc.getService('kafka-oss-demo', new F.GetServiceRequest({}))).rejects.toMatchObject({ statusCode: 404, data: { ErrorCode: 'ServiceNotFound' } });
  });

  it('updates a function (code, environment) and a trigger, restarting the trigger with the new spec and the new function', async () => {
    const runtime = new RecordingRuntime();
    const { fc, plane, broker } = await start({ runtime });
    await broker.createTopic('orders', { partitions: 3 });
    const instanceId = plane.account.instance.instanceId;
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    await fc.createFunction('svc', new F.CreateFunctionRequest({
      functionName: 'fn', runtime: 'nodejs18', handler: 'index.handler', environmentVariables: { STAGE: 'one' }, code: new F.Code({ zipFile: zipOf({ 'index.js': '// v1' }) }),
    }));
    const before = (await fc.getFunction('svc', 'fn', new F.GetFunctionRequest({}))).body!;
    await eventBridgeTriggers(fc).create('svc', 'fn', new F.CreateTriggerRequest({ triggerName: 't', triggerType: 'eventbridge', triggerConfig: triggerConfig(instanceId, 'orders') }));

    const updated = await fc.updateFunction('svc', 'fn', new F.UpdateFunctionRequest({
      environmentVariables: { STAGE: 'two' }, timeout: 120, code: new F.Code({ zipFile: zipOf({ 'index.js': '// v2, a longer body' }) }),
    }));
    expect(updated.body).toMatchObject({ environmentVariables: { STAGE: 'two' }, timeout: 120, handler: 'index.handler' });
    expect(updated.body!.codeChecksum).not.toBe(before.codeChecksum);
    await expect(fc.updateFunction('svc', 'fn', new F.UpdateFunctionRequest({ memorySize: 64 }))).rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument' } });

    const changed = JSON.parse(triggerConfig(instanceId, 'orders')) as { runOptions: { maximumTasks: number } };
    changed.runOptions.maximumTasks = 3;
    await eventBridgeTriggers(fc).update('svc', 'fn', 't', new F.UpdateTriggerRequest({ triggerConfig: JSON.stringify(changed) }));
    expect(runtime.started.map((t) => t.maximumTasks)).toEqual([6, 3]);
    expect(runtime.resolved[1]).toMatchObject({ environmentVariables: { STAGE: 'two' }, timeoutSeconds: 120 });
    expect(JSON.parse((await eventBridgeTriggers(fc).get('svc', 'fn', 't')).body!.triggerConfig as unknown as string)).toMatchObject({ runOptions: { maximumTasks: 3 } });
  });

  it('reads an eventbridge trigger back as FC does: a JSON string, triggerEnable true only while the stream runs, every source key', async () => {
    const runtime = new RecordingRuntime();
    const { fc, plane, broker } = await start({ runtime });
    await broker.createTopic('orders', { partitions: 3 });
    const { instanceId } = plane.account.instance;
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    await fc.createFunction('svc', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: zipOf({ 'index.js': '' }) }) }));
    runtime.streamState = 'starting';
    const created = await eventBridgeTriggers(fc).create('svc', 'fn', new F.CreateTriggerRequest({ triggerName: 't', triggerType: 'eventbridge', triggerConfig: triggerConfig(instanceId, 'orders') }));
    const readBack = (text: string | undefined) => JSON.parse(text!) as { triggerEnable: boolean; eventSourceConfig: { eventSourceParameters: Record<string, unknown> } };
    expect(readBack(created.body!.triggerConfig).triggerEnable).toBe(false);

    const get = async () => {
      const body = (await eventBridgeTriggers(fc).get('svc', 'fn', 't')).body!;
      expect(typeof body.triggerConfig).toBe('string'); // the SDK types it string: an object would not even cast
      return readBack(body.triggerConfig);
    };
    const starting = await get();
    expect(starting.triggerEnable).toBe(false);
    expect(Object.keys(starting.eventSourceConfig.eventSourceParameters)).toEqual([
      'sourceDTSParameters', 'sourceKafkaParameters', 'sourceMNSParameters', 'sourceMQTTParameters', 'sourceRabbitMQParameters', 'sourceRocketMQParameters',
    ]);
    expect(starting.eventSourceConfig.eventSourceParameters).toMatchObject({ sourceDTSParameters: null, sourceMNSParameters: null, sourceKafkaParameters: { Topic: 'orders' } });
    runtime.streamState = 'running';
    expect((await get()).triggerEnable).toBe(true);
    expect(readBack((await eventBridgeTriggers(fc).list('svc', 'fn')).body!.triggers![0]!.triggerConfig).triggerEnable).toBe(true);

    // triggerEnable is the stream's switch: turned off, the stream is stopped, not restarted
    const off = { ...JSON.parse(triggerConfig(instanceId, 'orders')) as object, triggerEnable: false };
    await eventBridgeTriggers(fc).update('svc', 'fn', 't', new F.UpdateTriggerRequest({ triggerConfig: JSON.stringify(off) }));
    expect(runtime.started).toHaveLength(1);
    expect(runtime.stopped).toEqual(['svc/fn/t']);
  });

  it('gates eventbridge triggers behind x-fc-enable-eventbridge-trigger: enable, as Terraform and Serverless Devs send it', async () => {
    const runtime = new RecordingRuntime();
    const { fc, plane, broker } = await start({ runtime });
    await broker.createTopic('orders', { partitions: 3 });
    const { instanceId } = plane.account.instance;
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    await fc.createFunction('svc', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: zipOf({ 'index.js': '' }) }) }));
    const request = new F.CreateTriggerRequest({ triggerName: 't', triggerType: 'eventbridge', triggerConfig: triggerConfig(instanceId, 'orders') });
    const gated = (call: string) => ({ statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringMatching(new RegExp(`^${call}: .*x-fc-enable-eventbridge-trigger: enable$`)) } });

    // the SDK's plain methods send no such header
    await expect(fc.createTrigger('svc', 'fn', request)).rejects.toMatchObject(gated('CreateTrigger'));
    expect(runtime.started).toEqual([]);
    await eventBridgeTriggers(fc).create('svc', 'fn', request);
    await expect(fc.getTrigger('svc', 'fn', 't')).rejects.toMatchObject(gated('GetTrigger'));
    await expect(fc.updateTrigger('svc', 'fn', 't', new F.UpdateTriggerRequest({ description: 'x' }))).rejects.toMatchObject(gated('UpdateTrigger'));
    await expect(fc.deleteTrigger('svc', 'fn', 't')).rejects.toMatchObject(gated('DeleteTrigger'));
    expect((await fc.listTriggers('svc', 'fn', new F.ListTriggersRequest({}))).body!.triggers).toEqual([]);
    expect((await eventBridgeTriggers(fc).list('svc', 'fn')).body!.triggers!.map((t) => t.triggerName)).toEqual(['t']);
    expect((await eventBridgeTriggers(fc).get('svc', 'fn', 't')).body!.triggerName).toBe('t');
    await eventBridgeTriggers(fc).delete('svc', 'fn', 't');
    expect(runtime.stopped).toEqual(['svc/fn/t']);
  });

  it('refuses eventbridge triggers with EventBridge\'s ServiceAccessDenied until the account activates EventBridge', async () => {
    const runtime = new RecordingRuntime();
    const { fc, plane, broker } = await start({ runtime, eventBridgeActivated: false });
    await broker.createTopic('orders', { partitions: 3 });
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    await fc.createFunction('svc', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: zipOf({ 'index.js': '' }) }) }));
    const request = new F.CreateTriggerRequest({ triggerName: 't', triggerType: 'eventbridge', triggerConfig: triggerConfig(plane.account.instance.instanceId, 'orders') });
    await expect(eventBridgeTriggers(fc).create('svc', 'fn', request)).rejects.toMatchObject({
      statusCode: 403, data: { ErrorCode: 'ServiceAccessDenied', ErrorMessage: 'The OwnerId that your Access Key Id associated to has not enabled EventBridge Service.' },
    });
    expect(runtime.started).toEqual([]);
    plane.setEventBridgeActivated(true);
    await eventBridgeTriggers(fc).create('svc', 'fn', request);
    expect(runtime.started).toHaveLength(1);
  });

  it('takes a dead-letter ARN only in the documented form acs:alikafka:<region>:<uid>:instance/<instanceId>/topic/<topic>', async () => {
    const runtime = new RecordingRuntime();
    const { fc, plane, broker } = await start({ runtime });
    await broker.createTopic('orders', { partitions: 3 });
    const { instanceId } = plane.account.instance;
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    await fc.createFunction('svc', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: zipOf({ 'index.js': '' }) }) }));
    const withArn = (arn: string) => {
      const config = JSON.parse(triggerConfig(instanceId, 'orders')) as { runOptions: { deadLetterQueue: { Arn: string } } };
      config.runOptions.deadLetterQueue.Arn = arn;
      return JSON.stringify(config);
    };
    const create = (name: string, arn: string) =>
      eventBridgeTriggers(fc).create('svc', 'fn', new F.CreateTriggerRequest({ triggerName: name, triggerType: 'eventbridge', triggerConfig: withArn(arn) }));

    for (const arn of [
      `acs:alikafka:${regionId}:1000000000000001:${instanceId}/topic/connect-error-demo`, // without "instance/"
      `acs:alikafka:${regionId}:1000000000000001:instance/${instanceId}/connect-error-demo`,
      `acs:mns:${regionId}:1000000000000001:instance/${instanceId}/topic/connect-error-demo`,
      `acs:alikafka:${regionId}:1000000000000001:instance/alikafka_post-cn-unknown/topic/connect-error-demo`,
    ]) {
      await expect(create('t', arn), arn).rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('deadLetterQueue.Arn') } });
    }
    expect(runtime.started).toEqual([]);
    // the ARN deploy builds is the documented one
    await create('t', deadLetterArn(regionId, plane.account.accountId, instanceId, 'connect-error-demo'));
    expect(runtime.started.map((t) => t.deadLetterTopic)).toEqual(['connect-error-demo']);
  });

  it('keeps groups, roles, services, functions and triggers across a restart, and restarts the triggers', async () => {
    const runtime = new RecordingRuntime();
    const first = await start({ runtime });
    await first.broker.createTopic('orders', { partitions: 3 });
    const instanceId = first.plane.account.instance.instanceId;
    await first.alikafka.createConsumerGroup(new A.CreateConsumerGroupRequest({ regionId, instanceId, consumerId: 'connect-demo' }));
    await first.rm.createServiceLinkedRole(new R.CreateServiceLinkedRoleRequest({ serviceName: 'source-kafka.eventbridge.aliyuncs.com' }));
    await first.fc.createService(new F.CreateServiceRequest({ serviceName: 'svc' }));
    await first.fc.createFunction('svc', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs18', handler: 'index.handler', code: new F.Code({ zipFile: zipOf({ 'index.js': '' }) }) }));
    await eventBridgeTriggers(first.fc).create('svc', 'fn', new F.CreateTriggerRequest({ triggerName: 't', triggerType: 'eventbridge', triggerConfig: triggerConfig(instanceId, 'orders') }));
    await first.plane.close();

    const secondRuntime = new RecordingRuntime();
    const second = await start({ dataDir: first.dataDir, broker: first.broker, runtime: secondRuntime });
    expect(secondRuntime.started.map((t) => t.triggerName)).toEqual(['t']);
    const groups = await second.alikafka.getConsumerList(new A.GetConsumerListRequest({ regionId, instanceId }));
    expect(groups.body!.consumerList!.consumerVO!.map((g) => g.consumerId)).toEqual(['connect-demo']);
    await expect(second.rm.getRole(new R.GetRoleRequest({ roleName: 'AliyunServiceRoleForEventBridgeSourceKafka' }))).resolves.toBeTruthy();
    expect((await second.fc.getFunction('svc', 'fn', new F.GetFunctionRequest({}))).body!.handler).toBe('index.handler');
  });
});
