import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SlsModule, * as S from '@alicloud/sls20201230';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkClientClass } from '../../../src/cloud/sdk-interop.js';
import { startLocalCloud, type LocalCloud } from '../../../src/emulator/local-cloud.js';
import { fcModels as F, sdkClients } from './sdk-clients.js';

// The local Log Service through @alicloud/sls20201230: its own signature, the project in the Host, and FC's function
// logs read back with GetLogs from the logstore of the service's logConfig.
const Sls = sdkClientClass(SlsModule);
let cloud: LocalCloud;
let fc: ReturnType<typeof sdkClients>['fc'];

const sls = (key: { accessKeyId: string; accessKeySecret: string } = cloud.accessKey) =>
  new Sls(new $OpenApiUtil.Config({ ...key, endpoint: cloud.description.api!.logEndpoint!, protocol: 'http', regionId: 'cn-hangzhou', readTimeout: 20_000 }));
const zip = (code: string) => Buffer.from(zipSync({ 'index.js': strToU8(code) })).toString('base64');
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-sls-')), kafkaPort: 0, ossPort: 0, apiPort: 0, alikafkaIntervalMs: 0 });
  ({ fc } = sdkClients(cloud.description.api!.endpoint, cloud.accessKey));
});

afterAll(async () => {
  await cloud?.close();
});

describe('projects and logstores', () => {
  it('creates a project and a logstore and reads them back; refuses what does not exist or exists already', async () => {
    const client = sls();
    await client.createProject(new S.CreateProjectRequest({ projectName: 'fc-logs-test', description: 'test' }));
    await client.createLogStore('fc-logs-test', new S.CreateLogStoreRequest({ logstoreName: 'sink-logs', ttl: 7, shardCount: 1 }));
    expect((await client.getProject('fc-logs-test')).body).toMatchObject({ projectName: 'fc-logs-test', description: 'test', status: 'Normal' });
    expect((await client.getLogStore('fc-logs-test', 'sink-logs')).body).toMatchObject({ logstoreName: 'sink-logs', ttl: 7, shardCount: 1 });
    expect((await client.listLogStores('fc-logs-test', new S.ListLogStoresRequest({}))).body).toMatchObject({ logstores: ['sink-logs'], count: 1 });
    await expect(client.getProject('no-such-project')).rejects.toMatchObject({ code: 'ProjectNotExist', data: { statusCode: 404 } });
    await expect(client.getLogStore('fc-logs-test', 'no-such-store')).rejects.toMatchObject({ code: 'LogStoreNotExist', data: { statusCode: 404 } });
    await expect(client.createProject(new S.CreateProjectRequest({ projectName: 'fc-logs-test', description: 'again' }))).rejects.toMatchObject({ code: 'ProjectAlreadyExist' });
    await expect(client.createProject(new S.CreateProjectRequest({ projectName: 'Bad_Name', description: 'x' }))).rejects.toMatchObject({ code: 'ParameterInvalid' });
  });

  it('has the seeded project and logstore of a fresh local cloud', async () => {
    expect((await sls().getLogStore('kafka-oss-local', 'function-logs')).body).toMatchObject({ logstoreName: 'function-logs' });
  });

  it('checks Log Service\'s own signature: a wrong secret and an unknown key are refused', async () => {
    await expect(sls({ accessKeyId: cloud.accessKey.accessKeyId, accessKeySecret: 'wrong' }).getProject('kafka-oss-local')).rejects.toMatchObject({ code: 'SignatureNotMatch', data: { statusCode: 401 } });
    await expect(sls({ accessKeyId: 'LTAInobody', accessKeySecret: 'x' }).getProject('kafka-oss-local')).rejects.toMatchObject({ code: 'Unauthorized', message: expect.stringContaining('AccessKeyId not found: LTAInobody') });
  });
});

describe('function logs through GetLogs', () => {
  const handler = zip(`exports.handler = async (event, context) => {
    const text = event.toString();
    context.logger.info('handling ' + text);
    if (text === 'boom') throw new Error('refused ' + text);
    return 'ok';
  };`);

  beforeAll(async () => {
    const logConfig = new F.LogConfig({ project: 'kafka-oss-local', logstore: 'function-logs' });
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'logged', logConfig }));
    await fc.createFunction('logged', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: handler }) }));
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'unlogged' }));
    await fc.createFunction('unlogged', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: handler }) }));
    for (const body of ['first', 'boom', 'third']) await fc.invokeFunction('logged', 'fn', new F.InvokeFunctionRequest({ body: Buffer.from(body) }));
    await fc.invokeFunction('unlogged', 'fn', new F.InvokeFunctionRequest({ body: Buffer.from('not-shipped') }));
  });

  const getLogs = (request: Partial<S.GetLogsRequest>) =>
    sls().getLogs('kafka-oss-local', 'function-logs', new S.GetLogsRequest({ from: now() - 600, to: now() + 60, ...request }));

  it('returns the logs of the services whose logConfig names the logstore, with FC\'s fields, oldest first', async () => {
    const response = await getLogs({ query: '*' });
    expect(response.headers?.['x-log-progress']).toBe('Complete');
    const logs = response.body!;
    expect(logs.every((l) => l.serviceName === 'logged' && l.__topic__ === 'logged' && l.functionName === 'fn' && /^\d+$/.test(String(l.__time__)))).toBe(true);
    const messages = logs.map((l) => String(l.message));
    expect(messages[0]).toMatch(/^FC Invoke Start RequestId: /);
    expect(messages).toContainEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z \S+ \[info\] handling first$/));
    expect(messages.some((m) => m.includes('not-shipped'))).toBe(false);
    expect(Number(response.headers?.['x-log-count'])).toBe(logs.length);
  });

  it('answers a search statement, a topic, reverse order and pages', async () => {
    const errors = (await getLogs({ query: 'error and refused' })).body!.map((l) => String(l.message));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((m) => /\[error\]/.test(m) && m.includes('refused boom'))).toBe(true);
    expect((await getLogs({ query: 'handling and not (first or third)' })).body!.map((l) => String(l.message))).toEqual([expect.stringMatching(/\[info\] handling boom$/)]);
    expect((await getLogs({ query: 'message: handl*', topic: 'logged' })).body).toHaveLength(3);
    expect((await getLogs({ query: '*', topic: 'other-service' })).body).toEqual([]);
    const all = (await getLogs({ query: '*' })).body!;
    const reversed = (await getLogs({ query: '*', reverse: true })).body!;
    expect(reversed.map((l) => l.message)).toEqual([...all].reverse().map((l) => l.message));
    expect((await getLogs({ query: '*', line: 2, offset: 1 })).body!.map((l) => l.message)).toEqual(all.slice(1, 3).map((l) => l.message));
  });

  it('refuses an empty time range, a page over 100 lines and analytic statements with ParameterInvalid', async () => {
    const at = now();
    await expect(getLogs({ from: at, to: at })).rejects.toMatchObject({ code: 'ParameterInvalid', data: { statusCode: 400 } });
    await expect(getLogs({ line: 101 })).rejects.toMatchObject({ code: 'ParameterInvalid' });
    await expect(getLogs({ query: '* | select count(*)' })).rejects.toMatchObject({ code: 'ParameterInvalid', message: expect.stringContaining('analytic') });
  });

  it('refuses a logConfig naming a logstore that does not exist, and takes an empty one away', async () => {
    await expect(fc.updateService('unlogged', new F.UpdateServiceRequest({ logConfig: new F.LogConfig({ project: 'kafka-oss-local', logstore: 'missing' }) })))
      .rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining("logstore 'missing' does not exist") } });
    await fc.updateService('logged', new F.UpdateServiceRequest({ logConfig: new F.LogConfig({ project: '', logstore: '' }) }));
    expect((await fc.getService('logged', new F.GetServiceRequest({}))).body!.logConfig?.project ?? '').toBe('');
    await fc.invokeFunction('logged', 'fn', new F.InvokeFunctionRequest({ body: Buffer.from('after-removal') }));
    expect((await getLogs({ query: 'after' })).body).toEqual([]);
  });
});
