import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../../src/emulator/local-cloud.js';
import { FC_RUNTIMES } from '../../../src/emulator/openapi/api-metadata/fc.js';
import { fcModels as F, sdkClients } from './sdk-clients.js';

let cloud: LocalCloud;
let fc: ReturnType<typeof sdkClients>['fc'];

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: await mkdtemp(join(tmpdir(), 'kafka-oss-runtimes-')), kafkaPort: 0, ossPort: 0, apiPort: 0, alikafkaIntervalMs: 0 });
  ({ fc } = sdkClients(cloud.description.api!.endpoint, cloud.accessKey));
  await fc.createService(new F.CreateServiceRequest({ serviceName: 'runtimes' }));
});

afterAll(async () => {
  await cloud?.close();
});

const zip = (code: string) => Buffer.from(zipSync({ 'index.js': strToU8(code) })).toString('base64');
const versionReporter = zip('exports.handler = async () => process.version;');

describe('FC runtimes through @alicloud/fc-open20210406', () => {
  it('runs a nodejs20 function with the machine\'s node', async () => {
    await fc.createFunction('runtimes', new F.CreateFunctionRequest({ functionName: 'node20', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: versionReporter }) }));
    expect((await fc.getFunction('runtimes', 'node20', new F.GetFunctionRequest({}))).body!.runtime).toBe('nodejs20');
    const invoked = await fc.invokeFunction('runtimes', 'node20', new F.InvokeFunctionRequest({ body: Buffer.from('{}') }));
    expect(invoked.headers?.['x-fc-error-type']).toBeUndefined();
    expect(invoked.body.toString()).toBe(process.version);
  });

  it('takes every runtime of the documented list and refuses others with InvalidArgument', async () => {
    expect(FC_RUNTIMES).toEqual(expect.arrayContaining(['nodejs20', 'nodejs18', 'python3.10', 'java11', 'go1', 'custom.debian10']));
    await expect(fc.createFunction('runtimes', new F.CreateFunctionRequest({ functionName: 'node99', runtime: 'nodejs99', handler: 'index.handler', code: new F.Code({ zipFile: versionReporter }) })))
      .rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument', ErrorMessage: expect.stringContaining('runtime') } });
    await expect(fc.updateFunction('runtimes', 'node20', new F.UpdateFunctionRequest({ runtime: 'node20' })))
      .rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'InvalidArgument' } });

    // a documented runtime the local cloud cannot run is stored, and its invocation says why it did not run
    await fc.createFunction('runtimes', new F.CreateFunctionRequest({ functionName: 'py', runtime: 'python3.10', handler: 'index.handler', code: new F.Code({ zipFile: versionReporter }) }));
    const invoked = await fc.invokeFunction('runtimes', 'py', new F.InvokeFunctionRequest({ body: Buffer.from('{}') }));
    expect(invoked.headers?.['x-fc-error-type']).toBe('UnhandledInvocationError');
    expect(invoked.body.toString()).toContain('nodejs runtimes only');
  });
});
