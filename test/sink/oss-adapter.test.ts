import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOssBucketClient, OssError } from '../../src/cloud/oss.js';
import { ossObjectWriter, SinkFatalError } from '../../src/sink/object-writer.js';
import { ACCESS_KEY, startTestOss, type TestOss } from '../support/test-oss.js';

let oss: TestOss;

beforeAll(async () => {
  oss = await startTestOss();
});

afterAll(async () => {
  await oss?.close();
});

describe('OSS adapter (ali-oss) against the embedded OSS server', () => {
  it('puts, heads, gets, lists in name order across pages, and deletes', async () => {
    const bucket = await oss.bucket('adapter-basic');
    await bucket.put('a/2.json', '[2]');
    await bucket.put('a/1.json', Buffer.from('[1]'));
    await bucket.put('b/1.json', '[]');
    expect(await bucket.head('a/1.json')).toMatchObject({ size: 3 });
    expect((await bucket.get('a/2.json')).toString()).toBe('[2]');
    const page = await bucket.list('a/', { maxKeys: 1 });
    expect(page.objects.map((o) => o.name)).toEqual(['a/1.json']);
    expect(page.nextMarker).toBe('a/1.json');
    expect((await bucket.listAll('a/')).map((o) => o.name)).toEqual(['a/1.json', 'a/2.json']);
    await bucket.delete('a/1.json');
    expect(await bucket.head('a/1.json')).toBeUndefined();
    await expect(bucket.get('a/1.json')).rejects.toMatchObject({ kind: 'no-such-key' });
  });

  it('names the bucket when it does not exist, and the writer stops instead of retrying', async () => {
    const missing = createOssBucketClient({ bucket: 'adapter-missing', endpoint: oss.endpoint, region: 'cn-hangzhou', accessKeyId: ACCESS_KEY.id, accessKeySecret: ACCESS_KEY.secret });
    const err = await missing.put('x.json', '[]').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OssError);
    expect(err).toMatchObject({ kind: 'no-such-bucket' });
    await expect(ossObjectWriter(missing, { prefix: '' }).write('x.json', Buffer.from('[]'))).rejects.toThrow(
      new SinkFatalError('OSS bucket "adapter-missing" does not exist; create it or fix the bucket name'),
    );
  });

  it('retries a PutObject that failed with 503 until it is stored', async () => {
    const bucket = await oss.bucket('adapter-retry');
    const logs: string[] = [];
    oss.faults.failNext(3, { status: 503, action: 'PutObject' });
    await ossObjectWriter(bucket, { prefix: '', retry: { attempts: 10, baseDelayMs: 1, maxDelayMs: 5 }, log: (l) => logs.push(l) }).write('r.json', Buffer.from('[1]'));
    expect((await bucket.get('r.json')).toString()).toBe('[1]');
    expect(logs).toHaveLength(3);
    expect(logs[0]).toMatch(/HTTP 503/);
  });

  it('stops on AccessDenied naming the permission and the resource to grant', async () => {
    await oss.bucket('adapter-readonly');
    const readOnly = { id: 'LTAI-read-only', secret: 'read-only-secret-value' };
    oss.addAccessKey({ ...readOnly, policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:GetObject', 'oss:ListObjects'], Resource: ['acs:oss:*:*:adapter-readonly', 'acs:oss:*:*:adapter-readonly/*'] }] } });
    const client = createOssBucketClient({ bucket: 'adapter-readonly', endpoint: oss.endpoint, region: 'cn-hangzhou', accessKeyId: readOnly.id, accessKeySecret: readOnly.secret });
    const err = await ossObjectWriter(client, { prefix: 'exports/' }).write('exports/t/0/00000000000000000000.json', Buffer.from('[]')).catch((e: Error) => e);
    expect(err).toBeInstanceOf(SinkFatalError);
    expect(String(err)).toContain('grant the AccessKey oss:PutObject on acs:oss:*:*:adapter-readonly/exports/*');
    expect(String(err)).not.toContain(readOnly.secret);
  });

  it('stops on a wrong secret with a message about the credentials, without the secret', async () => {
    await oss.bucket('adapter-denied');
    const wrong = createOssBucketClient({ bucket: 'adapter-denied', endpoint: oss.endpoint, region: 'cn-hangzhou', accessKeyId: ACCESS_KEY.id, accessKeySecret: 'not-the-secret-xyz' });
    const err = await ossObjectWriter(wrong, { prefix: 'exports/' }).write('exports/x.json', Buffer.from('[]')).catch((e: Error) => e);
    expect(err).toBeInstanceOf(SinkFatalError);
    expect(String(err)).toContain('OSS refused the credentials (SignatureDoesNotMatch)');
    expect(String(err)).not.toContain('not-the-secret-xyz');
  });
});
