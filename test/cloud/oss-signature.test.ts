// The tool signs every OSS request V4 (OSS refuses V1 from new accounts and on new buckets), so each of its
// OSS clients is run here against the embedded OSS server as it starts by default: refusing V1. A client
// that went back to V1 fails these tests with 403 AccessDenied (EC 0002-00000080).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOssBucketClient, OssRegionMissingError, regionOfOssEndpoint } from '../../src/cloud/oss.js';
import { listBuckets } from '../../src/cloud/oss-account.js';
import type { CloudTarget } from '../../src/cloud/target.js';
import { probeOss } from '../../src/deploy/oss-probe.js';
import { startOssServer, type OssServer } from '../../src/emulator/oss/index.js';

const key = { accessKeyId: 'LTAIossSignatureV4', accessKeySecret: 'oss-signature-v4-secret' };
let server: OssServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-cloud-oss-'));
  server = await startOssServer({ dataDir, accessKeys: [{ id: key.accessKeyId, secret: key.accessKeySecret }] });
  await server.createBucket('tool-bucket');
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("the tool's OSS clients against a server that refuses signature V1", () => {
  it('the bucket client (sink, test, quickstart) puts, heads, gets, lists and deletes', async () => {
    const bucket = createOssBucketClient({ bucket: 'tool-bucket', endpoint: server.endpoint, region: 'cn-hangzhou', ...key });
    await bucket.put('v4/a.json', '[1]');
    expect(await bucket.head('v4/a.json')).toMatchObject({ size: 3 });
    expect((await bucket.get('v4/a.json')).toString()).toBe('[1]');
    expect((await bucket.listAll('v4/')).map((o) => o.name)).toEqual(['v4/a.json']);
    // an empty prefix goes out as `prefix=`, which ali-oss signs with the "="
    expect((await bucket.listAll('')).map((o) => o.name)).toEqual(['v4/a.json']);
    await bucket.delete('v4/a.json');
    expect(await bucket.head('v4/a.json')).toBeUndefined();
  });

  it('the account listing (catalog, quickstart) lists the buckets', async () => {
    const target = { regionId: 'cn-hangzhou', local: true, ossEndpoint: server.endpoint, accessKey: async () => key } as unknown as CloudTarget;
    expect(await listBuckets(target)).toEqual([{ name: 'tool-bucket', region: 'oss-cn-hangzhou' }]);
  });

  it("deploy's permission probe writes, reads back and deletes", async () => {
    const client = createOssBucketClient({ bucket: 'tool-bucket', endpoint: server.endpoint, region: 'cn-hangzhou', ...key });
    await expect(probeOss({ client, accessKeyId: key.accessKeyId, connector: 'probe-v4' })).resolves.toEqual({ warnings: [] });
  });
});

describe('the signing region', () => {
  it('comes from the endpoint when it names one, and a client without any is refused before a request', () => {
    expect(regionOfOssEndpoint('https://oss-cn-hangzhou.aliyuncs.com')).toBe('cn-hangzhou');
    expect(regionOfOssEndpoint('https://oss-cn-shanghai-internal.aliyuncs.com')).toBe('cn-shanghai');
    expect(regionOfOssEndpoint('http://my-bucket.oss-ap-southeast-1.aliyuncs.com:80/x')).toBe('ap-southeast-1');
    expect(regionOfOssEndpoint('https://cn-beijing.oss.aliyuncs.com')).toBe('cn-beijing');
    expect(regionOfOssEndpoint('https://oss-accelerate.aliyuncs.com')).toBeUndefined();
    expect(regionOfOssEndpoint(server.endpoint)).toBeUndefined();
    expect(() => createOssBucketClient({ bucket: 'tool-bucket', endpoint: server.endpoint, ...key })).toThrow(OssRegionMissingError);
    expect(() => createOssBucketClient({ bucket: 'tool-bucket', endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', ...key })).not.toThrow();
  });
});

describe("the FC handler's configuration", () => {
  it('asks for KAFKA_OSS_REGION when the endpoint names none, since requests are signed V4', async () => {
    const { handlerConfigFromEnv } = await import('../../src/sink/environment.js');
    const env = { KAFKA_OSS_BUCKET: 'b-1', KAFKA_OSS_OSS_ENDPOINT: 'http://127.0.0.1:9000', KAFKA_OSS_ACCESS_KEY_ID: 'id', KAFKA_OSS_ACCESS_KEY_SECRET: 'not-shown' };
    expect(() => handlerConfigFromEnv(env)).toThrow('KAFKA_OSS_REGION: is required when KAFKA_OSS_OSS_ENDPOINT names no region (OSS requests are signed V4)');
    expect(handlerConfigFromEnv({ ...env, KAFKA_OSS_OSS_ENDPOINT: 'https://oss-cn-hangzhou-internal.aliyuncs.com' }).oss).toMatchObject({ endpoint: 'https://oss-cn-hangzhou-internal.aliyuncs.com' });
  });
});
