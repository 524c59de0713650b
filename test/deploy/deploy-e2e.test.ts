import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import type { CloudTarget } from '../../src/cloud/target.js';
import { startTestCloud, silent } from '../support/test-cloud.js';
import { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { FcApi } from '../../src/cloud/fc.js';
import { createOssBucketClient } from '../../src/cloud/oss.js';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import { destroyConnector } from '../../src/deploy/destroy.js';
import { OssPermissionError } from '../../src/deploy/oss-probe.js';
import { openSession } from '../../src/deploy/session.js';
import { verifyDelivery } from '../../src/deploy/verify.js';
import { createKafkaClient } from '../../src/kafka/index.js';
import { resolveDefinition, type ConnectorDefinition } from '../../src/definition/definition.js';
import { writeDefinitionFile } from '../../src/cli/definition-file.js';
import { rmModels as R, sdkClients } from '../emulator/openapi/sdk-clients.js';

let cloud: LocalCloud;
let target: CloudTarget;
let instanceId: string;
let home: string;

beforeAll(async () => {
  // Flow control kept on (the adapters ride it out), with a shorter interval to keep the suite quick.
  const started = await startTestCloud({ prefix: 'kafka-oss-e2e-', alikafkaIntervalMs: 300, profileNames: ['e2e-a', 'e2e-b'] });
  ({ cloud, target, home, instanceId } = started);
  const alikafka = started.alikafka;
  await alikafka.createTopic({ instanceId, topic: 'orders', remark: 'orders', partitionNum: 3, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('e2e-bucket');
});

afterAll(async () => {
  await cloud?.close();
});

function definitionOf(name: string, accessKeyId = cloud.accessKey.accessKeyId): ConnectorDefinition {
  const { definition, errors } = resolveDefinition({ name, instanceId, sourceTopic: 'orders', bucket: 'e2e-bucket', accessKeyId, offsetReset: 'earliest' }, { regionId: 'cn-hangzhou' });
  expect(errors).toEqual([]);
  return definition!;
}

async function deploy(definition: ConnectorDefinition, secret = cloud.accessKey.accessKeySecret) {
  const session = await openSession(target, definition);
  const prepared = await prepareDeploy(session, definition, secret);
  return { planned: prepared.steps, result: await prepared.apply(silent) };
}

const run = (args: string[], env: Record<string, string> = {}, cwd?: string, stdin?: string) =>
  runCli(args, { ...(cwd ? { cwd } : {}), env: { CI: 'true', KAFKA_OSS_HOME: home, ...env }, ...(stdin ? { stdin } : {}) });

describe('deploy, test and delete against the local cloud', () => {
  it('deploys, delivers a test message, and a second deploy creates nothing', async () => {
    const definition = definitionOf('alpha');
    const first = await deploy(definition);
    expect(first.result.changed.map((s) => `${s.kind}:${s.name}`)).toEqual([
      'role:AliyunServiceRoleForAlikafkaConnector', 'role:AliyunServiceRoleForEventBridgeSourceKafka', 'role:AliyunServiceRoleForEventBridgeSendToFC',
      'role:AliyunServiceRoleForEventBridgeConnectVPC', 'role:AliyunFCDefaultRole',
      'group:connect-alpha', 'group:connect-cluster-alpha',
      'topic:connect-offset-alpha', 'topic:connect-config-alpha', 'topic:connect-status-alpha', 'topic:connect-error-alpha',
      'service:kafka-oss-alpha', 'function:sink', 'trigger:kafka-source',
    ]);
    const topics = new Map((await new AlikafkaApi(target).listTopics(instanceId)).map((t) => [t.name, t]));
    expect(topics.get('connect-config-alpha')).toMatchObject({ partitionNum: 1, localTopic: true, compactTopic: true });
    expect(topics.get('connect-offset-alpha')).toMatchObject({ partitionNum: 12, compactTopic: true });
    expect(topics.get('connect-error-alpha')).toMatchObject({ partitionNum: 6, localTopic: false, compactTopic: false });

    // FC's service role, which the new account did not have, exists with its system policy attached (a second attachment is refused)
    const accountId = cloud.api!.account.accountId;
    const { rm } = sdkClients(cloud.api!.endpoint, cloud.accessKey);
    expect((await rm.getRole(new R.GetRoleRequest({ roleName: 'AliyunFCDefaultRole' }))).body!.role).toMatchObject({ arn: `acs:ram::${accountId}:role/aliyunfcdefaultrole`, isServiceLinkedRole: false });
    await expect(rm.attachPolicy(new R.AttachPolicyRequest({
      policyName: 'AliyunFCDefaultRolePolicy', policyType: 'System', principalType: 'ServiceRole', principalName: `AliyunFCDefaultRole@role.${accountId}.onaliyunservice.com`, resourceGroupId: accountId,
    }))).rejects.toMatchObject({ code: 'EntityAlreadyExists.Role.Policy' });
    expect((await new FcApi(target, accountId).getService('kafka-oss-alpha'))!.role).toBe(`acs:ram::${accountId}:role/aliyunfcdefaultrole`);

    const kafka = createKafkaClient({ bootstrapServers: target.kafkaBootstrapServers!, clientId: 'e2e' });
    try {
      const delivery = await verifyDelivery({
        kafka, definition, message: { partition: 0, key: '1', value: '1' }, timeoutMs: 60_000,
        oss: createOssBucketClient({ bucket: 'e2e-bucket', endpoint: target.ossEndpoint, region: 'cn-hangzhou', ...cloud.accessKey }),
      });
      expect(delivery.objectName).toBe('alpha/orders/0/00000000000000000000.json');
      expect(delivery.record).toEqual({ key: '1', offset: 0, overflowFlag: false, partition: 0, timestamp: expect.any(Number), topic: 'orders', value: '1', valueSize: 1 });
    } finally {
      await kafka.close();
    }

    const second = await deploy(definition);
    expect(second.planned.filter((s) => s.action !== 'unchanged' && s.action !== 'check')).toEqual([]);
    expect(second.result.changed).toEqual([]);

    // a rotated secret alone is a change (FC never returns the secret; its fingerprint does the telling)
    const rotated = 'rotated-secret-value-0123456789';
    const replanned = await prepareDeploy(await openSession(target, definition), definition, rotated);
    expect(replanned.steps.filter((s) => s.action !== 'unchanged' && s.action !== 'check')).toEqual([
      { kind: 'function', name: 'sink', action: 'update', detail: 'AccessKey secret changed' },
    ]);
    expect(JSON.stringify(replanned.steps)).not.toContain(rotated);
  });

  it('a deploy that fails at the FC step is finished by the next deploy', async () => {
    const definition = definitionOf('bravo');
    cloud.api!.faults.failNext(1, { status: 503, code: 'ServiceUnavailable', pathPrefix: '/2021-04-06/services/kafka-oss-bravo/functions', action: 'CreateFunction' });
    // callWithRetry retries 5xx: make the function step fail for good by injecting more than it retries.
    cloud.api!.faults.failNext(20, { status: 400, code: 'InvalidArgument', action: 'CreateFunction' });
    await expect(deploy(definition)).rejects.toMatchObject({ api: 'FC CreateFunction' });
    cloud.api!.faults.clear();
    const fc = new FcApi(target, cloud.api!.account.accountId);
    expect(await fc.getService('kafka-oss-bravo')).toBeDefined();
    expect(await fc.getFunction('kafka-oss-bravo', 'sink')).toBeUndefined();

    const again = await deploy(definition);
    expect(again.result.changed.map((s) => `${s.kind}:${s.name}`)).toEqual(['function:sink', 'trigger:kafka-source']);
  });

  it('delete leaves no function, trigger, connector topics or groups, and keeps the source topic and the objects', async () => {
    const definition = definitionOf('charlie');
    await deploy(definition);
    const bucket = createOssBucketClient({ bucket: 'e2e-bucket', endpoint: target.ossEndpoint, region: 'cn-hangzhou', ...cloud.accessKey });
    await bucket.put('charlie/orders/0/00000000000000000000.json', '[]');
    const objectsBefore = (await bucket.listAll('')).map((o) => o.name);
    const session = await openSession(target, definition);
    const deleted = await destroyConnector(session, definition, silent);
    expect(deleted.changed.map((s) => `${s.action} ${s.kind}:${s.name}`)).toEqual([
      'delete trigger:kafka-source', 'delete function:sink', 'delete service:kafka-oss-charlie',
      'delete topic:connect-offset-charlie', 'delete topic:connect-config-charlie', 'delete topic:connect-status-charlie', 'delete topic:connect-error-charlie',
      'delete group:connect-cluster-charlie', 'delete group:connect-charlie',
    ]);

    const fc = new FcApi(target, cloud.api!.account.accountId);
    expect(await fc.getService('kafka-oss-charlie')).toBeUndefined();
    const alikafka = new AlikafkaApi(target);
    const topics = (await alikafka.listTopics(instanceId)).map((t) => t.name);
    expect(topics.filter((t) => t.endsWith('-charlie'))).toEqual([]);
    expect(topics).toContain('orders');
    expect((await alikafka.listConsumerGroups(instanceId)).map((g) => g.consumerId).filter((g) => g.endsWith('-charlie'))).toEqual([]);
    // Other connectors' triggers may still be writing; delete itself removes no object.
    expect((await bucket.listAll('')).map((o) => o.name)).toEqual(expect.arrayContaining(objectsBefore));
    expect(objectsBefore).toContain('charlie/orders/0/00000000000000000000.json');
    // and running it again is harmless: everything is already gone
    const again = await destroyConnector(session, definition, silent);
    expect(again.changed).toEqual([]);
    expect(again.steps.slice(0, 9).map((s) => `${s.action}: ${s.detail}`)).toEqual(Array(9).fill('unchanged: already gone'));
  });

  it('stops at the OSS step with the minimal policy when the AccessKey cannot PutObject', async () => {
    cloud.oss!.addAccessKey({ id: 'LTAI5tReadOnlyKey01', secret: 'read-only-secret-01', policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:GetObject'], Resource: '*' }] } });
    const definition = definitionOf('delta', 'LTAI5tReadOnlyKey01');
    const err = await deploy(definition, 'read-only-secret-01').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssPermissionError);
    expect((err as Error).message).toContain('oss:PutObject');
    expect((err as Error).message).toContain('"oss:GetObject"');
    expect((err as Error).message).not.toContain('read-only-secret-01');
    const fc = new FcApi(target, cloud.api!.account.accountId);
    expect(await fc.getService('kafka-oss-delta')).toBeUndefined();
  });
});

describe('the CLI against the local cloud', () => {
  it('prints the plan as JSON with --dry-run, and list sees a connector deployed from another profile and directory', async () => {
    const dirA = await mkdtemp(join(tmpdir(), 'kafka-oss-a-'));
    const dirB = await mkdtemp(join(tmpdir(), 'kafka-oss-b-'));
    await mkdir(dirB, { recursive: true });
    await writeDefinitionFile(join(dirA, 'kafka-oss.echo.json'), definitionOf('echo'));

    const dry = await run(['deploy', 'echo', '--dry-run', '--output', 'json', '--profile', 'e2e-a'], {}, dirA);
    expect(dry.stderr).toBe('');
    const plan = JSON.parse(dry.stdout) as { dryRun: boolean; steps: Array<{ kind: string; name: string; action: string }> };
    expect(plan.dryRun).toBe(true);
    expect(plan.steps).toContainEqual({ kind: 'group', name: 'connect-echo', action: 'create', detail: expect.any(String) });
    expect(plan.steps).toContainEqual({ kind: 'trigger', name: 'kafka-source', action: 'create', detail: expect.any(String) });

    const deployed = await run(['deploy', 'echo', '--profile', 'e2e-a'], { KAFKA_OSS_ACCESS_KEY_SECRET: cloud.accessKey.accessKeySecret }, dirA);
    expect(deployed.code).toBe(0);
    expect(deployed.stdout + deployed.stderr).not.toContain(cloud.accessKey.accessKeySecret);

    const described = await run(['describe', 'echo', '--output', 'json', '--profile', 'e2e-a'], {}, dirA);
    const resources = (JSON.parse(described.stdout) as { resources: Array<{ kind: string; name: string; state: string }> }).resources;
    expect(resources.filter((r) => r.state !== 'present')).toEqual([]);
    expect(resources.map((r) => r.kind)).toEqual(['role', 'role', 'role', 'role', 'role', 'group', 'group', 'topic', 'topic', 'topic', 'topic', 'topic', 'service', 'function', 'trigger']);

    const listed = await run(['list', '--output', 'json', '--profile', 'e2e-b'], {}, dirB);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { connectors: Array<{ name: string; state: string }> }).connectors).toContainEqual(
      expect.objectContaining({ name: 'echo', state: 'running', sourceTopic: 'orders', bucket: 'e2e-bucket' }),
    );
  });

  it('delete --dry-run prints the delete plan as text and JSON and deletes nothing; delete then removes what it planned', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-g-'));
    const definition = definitionOf('golf');
    await writeDefinitionFile(join(dir, 'kafka-oss.golf.json'), definition);
    await deploy(definition);
    const planned = ['trigger:kafka-source', 'function:sink', 'service:kafka-oss-golf', 'topic:connect-offset-golf', 'topic:connect-config-golf',
      'topic:connect-status-golf', 'topic:connect-error-golf', 'group:connect-cluster-golf', 'group:connect-golf'];
    type Steps = Array<{ kind: string; name: string; action: string; detail: string }>;

    const dry = await run(['delete', 'golf', '--dry-run', '--output', 'json', '--profile', 'e2e-a'], {}, dir);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as { connector: string; dryRun: boolean; steps: Steps };
    expect(plan).toMatchObject({ connector: 'golf', dryRun: true });
    expect(plan.steps.filter((s) => s.action === 'delete').map((s) => `${s.kind}:${s.name}`)).toEqual(planned);
    expect(plan.steps.filter((s) => s.action !== 'delete').map((s) => `${s.kind}:${s.name} ${s.detail}`)).toEqual([
      'topic:orders kept: the source topic', 'oss:e2e-bucket kept: the objects under golf/',
      'role:AliyunServiceRoleForAlikafkaConnector kept: shared by every connector of the account',
      'role:AliyunServiceRoleForEventBridgeSourceKafka kept: shared by every connector of the account',
      'role:AliyunServiceRoleForEventBridgeSendToFC kept: shared by every connector of the account',
      'role:AliyunServiceRoleForEventBridgeConnectVPC kept: shared by every connector of the account',
      "role:AliyunFCDefaultRole kept: FC's service role, shared by every function of the account",
    ]);

    const text = await run(['delete', 'golf', '--dry-run', '--profile', 'e2e-a'], {}, dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Plan:\n {2}delete +trigger +kafka-source +stops the delivery from orders\n/);
    expect(text.stdout).toMatch(/\n {2}delete +group +connect-golf +task consumer group/);
    expect(text.stdout).toMatch(/\n {2}unchanged +topic +orders +kept: the source topic\n/);

    // the dry runs deleted nothing
    const fc = new FcApi(target, cloud.api!.account.accountId);
    expect(await fc.getTrigger('kafka-oss-golf', 'sink', 'kafka-source')).toBeDefined();
    expect((await new AlikafkaApi(target).listConsumerGroups(instanceId)).map((g) => g.consumerId)).toContain('connect-golf');

    const deleted = await run(['delete', 'golf', '--output', 'json', '--profile', 'e2e-a'], {}, dir);
    expect(deleted.code).toBe(0);
    const result = JSON.parse(deleted.stdout) as { dryRun: boolean; steps: Steps; changed: Steps };
    expect(result.dryRun).toBe(false);
    expect(result.changed.map((s) => `${s.action} ${s.kind}:${s.name}`)).toEqual(planned.map((p) => `delete ${p}`));
    expect(await fc.getService('kafka-oss-golf')).toBeUndefined();

    const after = JSON.parse((await run(['delete', 'golf', '--dry-run', '--output', 'json', '--profile', 'e2e-a'], {}, dir)).stdout) as { steps: Steps };
    expect(after.steps.filter((s) => s.action !== 'unchanged')).toEqual([]);
    expect(after.steps.filter((s) => s.detail === 'already gone').map((s) => `${s.kind}:${s.name}`)).toEqual(planned);
  });

  it('deploy --dry-run right after a deploy plans exactly what the deploy then does, with the secret or without it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-h-'));
    const definition = definitionOf('hotel');
    await writeDefinitionFile(join(dir, 'kafka-oss.hotel.json'), definition);
    const secret = cloud.accessKey.accessKeySecret;
    // through the CLI: the built CLI bundles the sink from dist/, so its code digest differs from an in-process deploy's
    expect((await run(['deploy', 'hotel', '--profile', 'e2e-a'], { KAFKA_OSS_ACCESS_KEY_SECRET: secret }, dir)).code).toBe(0);
    type Plan = { steps: Array<{ kind: string; name: string; action: string; detail: string }> };
    const dryRun = async (env: Record<string, string>, stdin?: string) => {
      const result = await run(['deploy', 'hotel', '--dry-run', '--output', 'json', '--profile', 'e2e-a', ...(stdin ? ['--access-key-secret-stdin'] : [])], env, dir, stdin);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(secret);
      return (JSON.parse(result.stdout) as Plan).steps.filter((s) => s.action !== 'unchanged' && s.action !== 'check');
    };

    // given the secret (environment or standard input): nothing to do, as the deploy then says
    expect(await dryRun({ KAFKA_OSS_ACCESS_KEY_SECRET: secret })).toEqual([]);
    expect(await dryRun({ KAFKA_OSS_ACCESS_KEY_SECRET: '' }, `${secret}\n`)).toEqual([]);
    const deployed = await run(['deploy', 'hotel', '--profile', 'e2e-a'], { KAFKA_OSS_ACCESS_KEY_SECRET: secret }, dir);
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toContain('Nothing to do: every resource is in place.');

    // not given: no change is claimed; the plan says the secret was not compared
    expect(await dryRun({ KAFKA_OSS_ACCESS_KEY_SECRET: '' })).toEqual([]);
    const text = await run(['deploy', 'hotel', '--dry-run', '--profile', 'e2e-a'], { KAFKA_OSS_ACCESS_KEY_SECRET: '' }, dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/\n {2}unchanged +function +sink +code and settings match; AccessKey secret not compared \(not given\)\n/);
    expect(text.stderr).toContain('note: the AccessKey secret was not given');

    // a rotated secret shows in the dry run as it does in the deploy
    expect(await dryRun({ KAFKA_OSS_ACCESS_KEY_SECRET: 'rotated-secret-value-0123456789' })).toEqual([
      { kind: 'function', name: 'sink', action: 'update', detail: 'AccessKey secret changed' },
    ]);
  });

  it('deploy without the AccessKey secret is a usage error naming where to give it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-c-'));
    await writeDefinitionFile(join(dir, 'kafka-oss.foxtrot.json'), definitionOf('foxtrot'));
    const result = await run(['deploy', 'foxtrot', '--profile', 'e2e-a'], { KAFKA_OSS_ACCESS_KEY_SECRET: '' }, dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('KAFKA_OSS_ACCESS_KEY_SECRET');
  });
});

describe('kafka-oss quickstart', () => {
  it('prints an exported JSON array holding the test record', async () => {
    const result = await run(['quickstart']);
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(records).toEqual([{ key: '1', offset: 0, overflowFlag: false, partition: 0, timestamp: expect.any(Number), topic: 'quickstart-input', value: '1', valueSize: 1 }]);
    expect(Object.keys(records[0]!)).toEqual(['key', 'offset', 'overflowFlag', 'partition', 'timestamp', 'topic', 'value', 'valueSize']);
  });
});
