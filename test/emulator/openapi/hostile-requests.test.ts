import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AlikafkaModule from '@alicloud/alikafka20190916';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as OpenApi from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkClientClass } from '../../../src/cloud/sdk-interop.js';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../../src/emulator/openapi/index.js';
import { MemoryBroker } from './memory-broker.js';
import { alikafkaModels as A, fcModels as F, rmModels as R, sdkClients, type Key } from './sdk-clients.js';

const key: Key = { accessKeyId: 'LTAIhostileTest0001', accessKeySecret: 'hostile-test-secret-0001' };
const regionId = 'cn-hangzhou';
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  delete (Object.prototype as Record<string, unknown>).raw;
});

async function plane(opts: Partial<ControlPlaneOptions> = {}, dataDir?: string): Promise<ControlPlane & { dataDir: string }> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'kafka-oss-api-hostile-')));
  const started = await startControlPlane({ dataDir: dir, broker: new MemoryBroker(), accounts: [key], alikafkaIntervalMs: 0, ...opts });
  closers.push(() => started.close());
  return Object.assign(started, { dataDir: dir });
}

const zipOf = (files: Record<string, string>) =>
  Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])))).toString('base64');

const functionRequest = (functionName: string) => new F.CreateFunctionRequest({
  functionName, runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: zipOf({ 'index.js': 'exports.handler = () => 1;' }) }),
});

interface Captured { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }

/** An HTTP server that keeps each request exactly as the SDK signed it, and answers `{}`. */
async function recorder(): Promise<{ endpoint: string; captured: Captured[] }> {
  const captured: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { endpoint: `127.0.0.1:${(server.address() as AddressInfo).port}`, captured };
}

/** Sends a captured request, byte for byte the same headers and body, to the control plane. */
function replay(api: ControlPlane, c: Captured): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: api.port, method: c.method, path: c.url, headers: c.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown> });
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

describe('names that are also Object.prototype properties (issue #14 item 4)', () => {
  it('treats __proto__, constructor, toString and valueOf as ordinary FC, alikafka and RAM names', async () => {
    const api = await plane();
    const { fc, alikafka, rm } = sdkClients(api.endpoint, key);
    // The service does not exist: creating a function "raw" in it must not write Object.prototype.raw.
    await expect(fc.createFunction('__proto__', functionRequest('raw'))).rejects.toMatchObject({ statusCode: 404, data: { ErrorCode: 'ServiceNotFound' } });
    expect(Object.prototype).not.toHaveProperty('raw');

    for (const name of ['__proto__', 'constructor', 'toString', 'valueOf']) {
      await fc.createService(new F.CreateServiceRequest({ serviceName: name }));
      expect((await fc.getService(name, new F.GetServiceRequest({}))).body!.serviceName).toBe(name);
    }
    await fc.createFunction('__proto__', functionRequest('raw'));
    expect(Object.prototype).not.toHaveProperty('raw');
    expect((await fc.getFunction('__proto__', 'raw', new F.GetFunctionRequest({}))).body!.functionName).toBe('raw');
    expect((await fc.listServices(new F.ListServicesRequest({}))).body!.services!.map((s) => s.serviceName).sort())
      .toEqual(['__proto__', 'constructor', 'toString', 'valueOf']);

    const instanceId = api.account.instance.instanceId;
    const deleted = await alikafka.deleteConsumerGroup(new A.DeleteConsumerGroupRequest({ regionId, instanceId, consumerId: 'constructor' }));
    expect(deleted.body).toMatchObject({ success: false, message: expect.stringContaining('does not exist') });
    expect((await alikafka.createConsumerGroup(new A.CreateConsumerGroupRequest({ regionId, instanceId, consumerId: 'constructor' }))).body!.success).toBe(true);
    expect((await alikafka.createTopic(new A.CreateTopicRequest({ regionId, instanceId, topic: 'valueOf', remark: 'remark', partitionNum: '2' }))).body!.success).toBe(true);
    await expect(rm.getRole(new R.GetRoleRequest({ roleName: 'constructor' }))).rejects.toMatchObject({ statusCode: 404, code: 'EntityNotExist.Role' });

    // The same names read back after a restart from the saved state.
    await api.close();
    const again = await plane({}, api.dataDir);
    const after = sdkClients(again.endpoint, key);
    expect((await after.fc.getFunction('__proto__', 'raw', new F.GetFunctionRequest({}))).body!.functionName).toBe('raw');
    expect(Object.prototype).not.toHaveProperty('raw');
    const groups = await after.alikafka.getConsumerList(new A.GetConsumerListRequest({ regionId, instanceId }));
    expect(groups.body!.consumerList!.consumerVO!.map((g) => g.consumerId)).toEqual(['constructor']);
  });

  it('answers signed calls naming Object.prototype properties as actions or signed headers as unknown, not with a 500', async () => {
    const api = await plane();
    const { alikafka } = sdkClients(api.endpoint, key);
    const call = (action: string) => alikafka.callApi(
      new $OpenApiUtil.Params({ action, version: '2019-09-16', protocol: 'HTTP', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' }),
      new $OpenApiUtil.OpenApiRequest({ query: { RegionId: regionId } }),
      new RuntimeOptions({}) as never,
    );
    for (const action of ['constructor', 'toString', '__proto__']) {
      await expect(call(action)).rejects.toMatchObject({ statusCode: 404, code: 'InvalidAction.NotFound' });
    }
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const answer = await fetch(`http://${api.endpoint}/?Action=GetInstanceList&Version=2019-09-16`, {
      headers: {
        'x-acs-date': date, 'x-acs-signature-nonce': 'n-constructor', 'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        authorization: `ACS3-HMAC-SHA256 Credential=${key.accessKeyId},SignedHeaders=constructor;host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce,Signature=${'0'.repeat(64)}`,
      },
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ Code: 'SignatureDoesNotMatch' });
  });
});

describe('replayed requests (issue #14 item 5)', () => {
  it('answers a signed request sent a second time with SignatureNonceUsed, for ACS3 and for the older RPC signature', async () => {
    const api = await plane();
    const rec = await recorder();
    const { alikafka, fc } = sdkClients(rec.endpoint, key);
    const Alikafka = sdkClientClass(AlikafkaModule);
    const v1 = new Alikafka(new $OpenApiUtil.Config({ ...key, endpoint: rec.endpoint, protocol: 'http', regionId, signatureAlgorithm: 'v2' }));
    await alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }));
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'replayed' }));
    await v1.getInstanceList(new A.GetInstanceListRequest({ regionId }));
    expect(rec.captured).toHaveLength(3);
    const [acs3Rpc, acs3Fc, v1Rpc] = rec.captured as [Captured, Captured, Captured];
    expect(v1Rpc.url).toContain('SignatureNonce=');

    expect(await replay(api, acs3Rpc)).toMatchObject({ status: 200, body: { Success: true } });
    expect(await replay(api, acs3Rpc)).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed', Message: 'Specified signature nonce was used already.' } });
    expect(await replay(api, acs3Fc)).toMatchObject({ status: 200, body: { serviceName: 'replayed' } });
    expect(await replay(api, acs3Fc)).toMatchObject({ status: 400, body: { ErrorCode: 'SignatureNonceUsed' } });
    expect(await replay(api, v1Rpc)).toMatchObject({ status: 200, body: { Success: true } });
    expect(await replay(api, v1Rpc)).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
    // A fresh request (new nonce) still goes through.
    expect((await sdkClients(api.endpoint, key).alikafka.getInstanceList(new A.GetInstanceListRequest({ regionId }))).body!.success).toBe(true);
  });
});

/** Sends a request's headers and the first bytes of its body, then waits for the answer or the end of the connection. */
async function partialRequest(api: ControlPlane, head: string, bodyStart: string): Promise<{ answer: string; closed: boolean }> {
  const socket = connect(api.port, '127.0.0.1');
  await once(socket, 'connect');
  // The server may reset the connection it drops: an error here is the end of the connection, not a failure.
  socket.on('error', () => undefined);
  socket.write(`${head}\r\n\r\n${bodyStart}`);
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  await once(socket, 'close');
  return { answer, closed: true };
}

describe('bodies bounded, authentication first (issue #14 item 6)', () => {
  it('refuses a badly signed FC request from its headers, without waiting for its 120 MiB body', { timeout: 10_000 }, async () => {
    const api = await plane();
    const head = [
      'POST /2021-04-06/services HTTP/1.1', 'host: 127.0.0.1', 'content-type: application/json', `content-length: ${120 * 1024 * 1024}`,
      'x-acs-date: ' + new Date().toISOString().replace(/\.\d+Z$/, 'Z'), 'x-acs-signature-nonce: n-1', `x-acs-content-sha256: ${'0'.repeat(64)}`,
      `authorization: ACS3-HMAC-SHA256 Credential=${key.accessKeyId},SignedHeaders=host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce,Signature=${'0'.repeat(64)}`,
    ].join('\r\n');
    const { answer } = await partialRequest(api, head, '{"serviceName":"');
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(answer).toContain('"ErrorCode":"SignatureNotMatch"');
  });

  it('refuses an FC body larger than the operation takes with EntityTooLarge, and a code package within FC\'s limit is read', async () => {
    const api = await plane();
    const { fc } = sdkClients(api.endpoint, key);
    await expect(fc.createService(new F.CreateServiceRequest({ serviceName: 'big', description: 'x'.repeat(2 * 1024 * 1024) })))
      .rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'EntityTooLarge' } });
    await expect(fc.getService('big', new F.GetServiceRequest({}))).rejects.toMatchObject({ statusCode: 404 });
    await fc.createService(new F.CreateServiceRequest({ serviceName: 'small' }));
    const padding = zipOf({ 'index.js': 'exports.handler = () => 1;', 'padding.bin': 'p'.repeat(3 * 1024 * 1024) });
    await fc.createFunction('small', new F.CreateFunctionRequest({ functionName: 'fn', runtime: 'nodejs20', handler: 'index.handler', code: new F.Code({ zipFile: padding }) }));
  });

  it('drops a connection whose body stops coming', { timeout: 10_000 }, async () => {
    const api = await plane({ requestIdleMs: 300 });
    const head = ['POST /?Action=GetInstanceList&Version=2019-09-16 HTTP/1.1', 'host: 127.0.0.1', 'content-type: application/x-www-form-urlencoded', 'content-length: 1000'].join('\r\n');
    const { answer, closed } = await partialRequest(api, head, 'RegionId=cn');
    expect(closed).toBe(true);
    expect(answer).toBe('');
  });
});

describe('bad percent-encoding in an FC path (issue #14 item 13)', () => {
  it('answers 400, not 500', async () => {
    const api = await plane();
    const { fc } = sdkClients(api.endpoint, key);
    const params = new OpenApi.Params({
      action: 'GetService', version: '2021-04-06', protocol: 'HTTP', pathname: '/2021-04-06/services/%E0%A4%A', method: 'GET',
      authType: 'AK', style: 'ROA', reqBodyType: 'json', bodyType: 'json',
    });
    await expect(fc.callApi(params, new OpenApi.OpenApiRequest({}), new RuntimeOptions({})))
      .rejects.toMatchObject({ statusCode: 400, data: { ErrorCode: 'PathNotSupported' } });
  });
});
