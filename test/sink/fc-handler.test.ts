import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSinkBundle } from '../../src/sink/bundle.js';
import type { OssBucketClient } from '../../src/cloud/oss.js';
import { ACCESS_KEY, readExport, startTestOss, type TestOss } from '../support/test-oss.js';

type Handler = (event: unknown, context: unknown) => Promise<{ objects: { name: string; records: number }[] }>;

let oss: TestOss;
let bucket: OssBucketClient;
let handler: Handler;

beforeAll(async () => {
  oss = await startTestOss();
  bucket = await oss.bucket('fc-sink-out');
  const dir = await mkdtemp(join(tmpdir(), 'fc-bundle-'));
  const files = unzipSync(await buildSinkBundle());
  await writeFile(join(dir, 'index.js'), files['index.js']!);
  // load it the way FC's node runtime does: require('<code dir>/index.js').handler
  handler = (createRequire(join(dir, 'package.json'))('./index.js') as { handler: Handler }).handler;
});

afterAll(async () => {
  await oss?.close();
});

async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('the bundled FC handler (index.js from the zip)', () => {
  it('writes one object per partition of a CloudEvents batch in the console format', async () => {
    const event = await readFile(new URL('../fixtures/kafka-cloud-events.json', import.meta.url));
    const env = {
      KAFKA_OSS_BUCKET: 'fc-sink-out',
      KAFKA_OSS_OSS_ENDPOINT: oss.endpoint,
      KAFKA_OSS_REGION: 'cn-hangzhou',
      KAFKA_OSS_ACCESS_KEY_ID: ACCESS_KEY.id,
      KAFKA_OSS_ACCESS_KEY_SECRET: ACCESS_KEY.secret,
      KAFKA_OSS_PREFIX: 'fc',
      KAFKA_OSS_TIME_PATH: 'day',
    };
    const result = await withEnv(env, () => handler(event, { requestId: 'req-1' }));
    expect(result.objects.map((o) => [o.name, o.records])).toEqual([
      ['fc/2020/10/27/Test/0/00000000000000000004.json', 2],
      ['fc/2020/10/27/Test/3/00000000000000000017.json', 1],
    ]);
    const objects = await readExport(bucket, 'fc/');
    expect(objects.map((o) => o.name)).toEqual(result.objects.map((o) => o.name));
    const body = (await bucket.get('fc/2020/10/27/Test/0/00000000000000000004.json')).toString('utf8');
    expect(JSON.parse(body)).toEqual([
      { key: '123', offset: 4, overflowFlag: false, partition: 0, timestamp: 1603779578478, topic: 'Test', value: '1', valueSize: 1 },
      { key: null, offset: 5, overflowFlag: false, partition: 0, timestamp: 1603779578500, topic: 'Test', value: '二', valueSize: 3 },
    ]);
    expect(body.indexOf('"key"')).toBeLessThan(body.indexOf('"offset"'));
    expect(objects[1]?.records).toEqual([{ key: 'k', offset: 17, overflowFlag: false, partition: 3, timestamp: 1603779579000, topic: 'Test', value: null, valueSize: 0 }]);
  });

  it('rewrites the same object when the trigger retries the batch', async () => {
    const event = JSON.stringify([{ data: { topic: 'Retry', partition: 1, offset: 9, timestamp: 1603779578478, key: null, value: 'x' } }]);
    const env = { KAFKA_OSS_BUCKET: 'fc-sink-out', KAFKA_OSS_OSS_ENDPOINT: oss.endpoint, KAFKA_OSS_REGION: 'cn-hangzhou', KAFKA_OSS_ACCESS_KEY_ID: ACCESS_KEY.id, KAFKA_OSS_ACCESS_KEY_SECRET: ACCESS_KEY.secret };
    await withEnv(env, () => handler(event, {}));
    await withEnv(env, () => handler(event, {}));
    expect((await readExport(bucket, 'Retry/')).map((o) => o.name)).toEqual(['Retry/1/00000000000000000009.json']);
  });

  it('fails the invocation with the variable named when the configuration is incomplete, without the secret', async () => {
    const env = { KAFKA_OSS_BUCKET: '', KAFKA_OSS_ACCESS_KEY_ID: 'id', KAFKA_OSS_ACCESS_KEY_SECRET: 'do-not-print-me', KAFKA_OSS_OSS_ENDPOINT: oss.endpoint };
    const error = await withEnv(env, () => handler('[]', {})).catch((err: Error) => err);
    expect(String(error)).toContain('KAFKA_OSS_BUCKET: is required');
    expect(String(error)).not.toContain('do-not-print-me');
  });
});

describe('the FC handler when EventBridge re-forms a replayed batch', () => {
  const env = () => ({ KAFKA_OSS_BUCKET: 'fc-sink-out', KAFKA_OSS_OSS_ENDPOINT: oss.endpoint, KAFKA_OSS_REGION: 'cn-hangzhou', KAFKA_OSS_ACCESS_KEY_ID: ACCESS_KEY.id, KAFKA_OSS_ACCESS_KEY_SECRET: ACCESS_KEY.secret, KAFKA_OSS_PREFIX: 'reformed/' });
  const batch = (topic: string, from: number, to: number) =>
    JSON.stringify(Array.from({ length: to - from + 1 }, (_, i) => ({ data: { topic, partition: 0, offset: from + i, timestamp: 1603779578478 + i, key: null, value: `v${from + i}` } })));

  it('exports every offset once when the replay starts inside an object written by a failed invocation', async () => {
    // Invocation 1 wrote 0–9, then "failed" (say, timed out before returning); EventBridge sent 0–4 to the
    // dead-letter queue, committed past them, and now delivers 5–14: 5–9 are in OSS already.
    await withEnv(env(), () => handler(batch('Reformed', 0, 9), {}));
    const replay = await withEnv(env(), () => handler(batch('Reformed', 5, 14), {}));
    expect(replay.objects.map((o) => [o.name, o.records])).toEqual([['reformed/Reformed/0/00000000000000000010.json', 5]]);
    const offsets = (await readExport(bucket, 'reformed/Reformed/')).flatMap((o) => o.records.map((r) => r.offset));
    expect(offsets).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  it('skips a replay that holds nothing new', async () => {
    await withEnv(env(), () => handler(batch('Older', 0, 19), {}));
    for (const [from, to] of [[0, 9], [3, 8], [0, 19]] as const) {
      expect((await withEnv(env(), () => handler(batch('Older', from, to), {}))).objects).toEqual([]);
    }
    const next = await withEnv(env(), () => handler(batch('Older', 5, 24), {}));
    expect(next.objects.map((o) => [o.name, o.records])).toEqual([['reformed/Older/0/00000000000000000020.json', 5]]);
    const offsets = (await readExport(bucket, 'reformed/Older/')).flatMap((o) => o.records.map((r) => r.offset));
    expect(offsets).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('reads how far an object goes when it is not the one the journal was about to write', async () => {
    // Another body under the pending name (two invocations raced): the object's own last record decides.
    const name = 'reformed/Raced/0/00000000000000000000.json';
    const records = Array.from({ length: 7 }, (_, i) => ({ key: null, offset: i, overflowFlag: false, partition: 0, timestamp: 1603779578478 + i, topic: 'Raced', value: `v${i}`, valueSize: 2 }));
    await bucket.put(name, `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
    await bucket.put('reformed/.kafka-oss/journal/Raced/0.json', JSON.stringify({ exportedThrough: -1, pending: { name, firstOffset: 0, lastOffset: 3, md5: '00000000000000000000000000000000' } }));
    const result = await withEnv(env(), () => handler(batch('Raced', 0, 9), {}));
    expect(result.objects.map((o) => [o.name, o.records])).toEqual([['reformed/Raced/0/00000000000000000007.json', 3]]);
  });
});
