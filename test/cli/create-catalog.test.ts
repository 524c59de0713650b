import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogFor } from '../../src/cloud/catalog-sdk.js';
import type { CloudCatalog } from '../../src/definition/catalog.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import { startTestCloud } from '../support/test-cloud.js';

// The catalog operations the wizard's create uses, through the official SDKs (alikafka, ali-oss) against the
// local cloud: CreateTopic, PutBucket (signed V4) and the AccessKey probe.
let cloud: LocalCloud;
let catalog: CloudCatalog;
let instanceId: string;
let ossEndpoint: string;
const KEYS = {
  readOnly: { id: 'LTAIreadonly00002', secret: 'ReadOnlySecretValue0002', actions: ['oss:GetObject'] },
  noDelete: { id: 'LTAInodelete00002', secret: 'NoDeleteSecretValue0002', actions: ['oss:GetObject', 'oss:PutObject'] },
};

/** The Authorization header of every OSS request (signed "OSS …" or "OSS4-HMAC-SHA256 …") this process sends while `run` runs. */
async function ossAuthorizations(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (message: unknown) => {
    const authorization = String((message as { request: ClientRequest }).request.getHeader('authorization') ?? '');
    if (authorization.startsWith('OSS')) seen.push(authorization);
  };
  diagnostics.subscribe('http.client.request.start', listener);
  try {
    await run();
  } finally {
    diagnostics.unsubscribe('http.client.request.start', listener);
  }
  return seen;
}

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-create-catalog-', alikafkaIntervalMs: 100 });
  ({ cloud, instanceId } = started);
  ossEndpoint = started.profile.ossEndpoint!;
  catalog = catalogFor(started.target);
  for (const key of Object.values(KEYS)) {
    cloud.oss!.addAccessKey({ id: key.id, secret: key.secret, policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: key.actions, Resource: '*' }] } });
  }
  await new OSS({ ...cloud.accessKey, endpoint: ossEndpoint, region: 'oss-cn-hangzhou', authorizationV4: true }).putBucket('probe-bucket');
});

afterAll(async () => {
  await cloud?.close();
});


describe('the catalog creates what the wizard offers to create', () => {
  it('creates a source topic with CreateTopic as the console\'s panel does (cloud storage, delete policy)', async () => {
    await catalog.createTopic({ instanceId, topic: 'orders', remark: 'source-of-orders', partitionNum: 12 });
    expect((await catalog.listTopics(instanceId)).find((t) => t.name === 'orders')).toEqual({
      name: 'orders', partitionNum: 12, localTopic: false, compactTopic: false, remark: 'source-of-orders',
    });
    await expect(catalog.createTopic({ instanceId, topic: 'orders', remark: 'again', partitionNum: 6 })).rejects.toThrow(/CreateTopic failed: .*already exists/);
  });

  it('creates a bucket in the region with PutBucket signed V4, and reports a taken name', async () => {
    const signed = await ossAuthorizations(() => catalog.createBucket('wizard-bucket'));
    expect(signed).toHaveLength(1);
    expect(signed[0]).toMatch(/^OSS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/cn-hangzhou\/oss\/aliyun_v4_request/);
    expect((await catalog.listBuckets()).find((b) => b.name === 'wizard-bucket')).toMatchObject({ region: expect.stringMatching(/cn-hangzhou$/) });
    await expect(catalog.createBucket('wizard-bucket')).rejects.toThrow(/PutBucket.*BucketAlreadyExists/);
  });
});

describe('the catalog probes an AccessKey against a bucket', () => {
  const objects = async () => (await new OSS({ ...cloud.accessKey, endpoint: ossEndpoint, region: 'oss-cn-hangzhou', bucket: 'probe-bucket', authorizationV4: true }).list({ 'max-keys': 100 }, {})).objects ?? [];

  it('grants a key that may put, get and delete, leaves nothing behind, and signs V4', async () => {
    let probe: unknown;
    const signed = await ossAuthorizations(async () => {
      probe = await catalog.probeAccess('probe-bucket', cloud.accessKey.accessKeyId, cloud.accessKey.accessKeySecret, 'orders/');
    });
    expect(probe).toEqual({ ok: true });
    expect(signed).toHaveLength(3);
    expect(signed.every((h) => h.startsWith('OSS4-HMAC-SHA256 '))).toBe(true);
    expect(await objects()).toEqual([]);
  });

  it('refuses a wrong secret as bad credentials, without the secret in the answer', async () => {
    const probe = await catalog.probeAccess('probe-bucket', cloud.accessKey.accessKeyId, 'NotTheSecret00000000', 'orders/');
    expect(probe).toMatchObject({ ok: false, refusal: 'bad-credentials', action: 'PutObject' });
    expect(JSON.stringify(probe)).not.toContain('NotTheSecret00000000');
  });

  it('refuses a key that may not write as access denied on PutObject', async () => {
    expect(await catalog.probeAccess('probe-bucket', KEYS.readOnly.id, KEYS.readOnly.secret, 'orders/')).toMatchObject({ ok: false, refusal: 'access-denied', action: 'PutObject' });
  });

  it('grants a key that may not delete, naming the probe object left under the prefix', async () => {
    const probe = await catalog.probeAccess('probe-bucket', KEYS.noDelete.id, KEYS.noDelete.secret, 'orders/');
    expect(probe).toMatchObject({ ok: true, leftBehind: expect.stringMatching(/^oss:\/\/probe-bucket\/orders\/\.kafka-oss-probe-/) });
    expect((await objects()).map((o) => `oss://probe-bucket/${o.name}`)).toEqual([(probe as { leftBehind: string }).leftBehind]);
  });

  it('refuses a bucket that does not exist', async () => {
    expect(await catalog.probeAccess('no-such-bucket', cloud.accessKey.accessKeyId, cloud.accessKey.accessKeySecret)).toMatchObject({ ok: false, refusal: 'no-such-bucket' });
  });
});
