import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOssBucketClient, type OssBucketClient } from '../../src/cloud/oss.js';
import type { SinkRecord } from '../../src/sink/record.js';

export const ACCESS_KEY = { id: 'LTAI-sink-test', secret: 'sink-test-secret-value' };

interface EmbeddedOss {
  endpoint: string;
  addAccessKey(key: { id: string; secret: string; policy?: unknown }): void;
  createBucket(name: string): Promise<unknown> | unknown;
  faults: {
    failNext(count: number, options: { status: number; action?: string }): void;
    stallNext(count: number, options: { ms: number; action?: string }): void;
    clear(): void;
  };
  close(): Promise<void>;
}

export interface TestOss {
  endpoint: string;
  faults: EmbeddedOss['faults'];
  /** Adds an AccessKey limited by a RAM-style policy ({Version, Statement: [{Effect, Action, Resource}]}). */
  addAccessKey: EmbeddedOss['addAccessKey'];
  /** Creates the bucket and returns a client for it (ali-oss, the real client). */
  bucket(name: string): Promise<OssBucketClient>;
  close(): Promise<void>;
}

/** The project's embedded OSS server on loopback, with one AccessKey allowed everything. */
export async function startTestOss(): Promise<TestOss> {
  const { startOssServer } = (await import(new URL('../../src/emulator/oss/index.ts', import.meta.url).href)) as {
    startOssServer(opts: { dataDir: string; port: number; accessKeys: { id: string; secret: string }[] }): Promise<EmbeddedOss>;
  };
  const server = await startOssServer({ dataDir: await mkdtemp(join(tmpdir(), 'sink-oss-')), port: 0, accessKeys: [ACCESS_KEY] });
  return {
    endpoint: server.endpoint,
    faults: server.faults,
    addAccessKey: (key) => server.addAccessKey(key),
    bucket: async (name) => {
      await server.createBucket(name);
      return createOssBucketClient({ bucket: name, endpoint: server.endpoint, region: 'cn-hangzhou', accessKeyId: ACCESS_KEY.id, accessKeySecret: ACCESS_KEY.secret });
    },
    close: () => server.close(),
  };
}

export interface ExportedObject {
  name: string;
  records: SinkRecord[];
}

/** The FC handler's per-partition journals (src/sink/fc-journal.ts) live beside the exports under `<prefix>.kafka-oss/`. */
export const isJournal = (name: string) => /(^|\/)\.kafka-oss\//.test(name);

/** Every exported object under the prefix (journals aside), parsed, in name order. */
export async function readExport(client: OssBucketClient, prefix: string): Promise<ExportedObject[]> {
  const names = (await client.listAll(prefix)).map((o) => o.name).filter((name) => !isJournal(name)).sort();
  const objects: ExportedObject[] = [];
  for (const name of names) objects.push({ name, records: JSON.parse((await client.get(name)).toString('utf8')) as SinkRecord[] });
  return objects;
}

/**
 * Checks the exactly-once contract for the exported objects: records of one partition per object, offsets
 * increasing inside it, the name's offset is the first record's, and the count of each (partition, offset).
 */
export function offsetCounts(objects: ExportedObject[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { name, records } of objects) {
    const first = records[0];
    if (!first) throw new Error(`${name} is an empty object`);
    if (!name.endsWith(`/${first.partition}/${String(first.offset).padStart(20, '0')}.json`)) throw new Error(`${name} does not name its first offset ${first.offset}`);
    records.forEach((record, i) => {
      if (record.partition !== first.partition) throw new Error(`${name} mixes partitions`);
      if (i > 0 && record.offset <= (records[i - 1]?.offset ?? -1)) throw new Error(`${name}: offsets out of order at ${record.offset}`);
      const id = `${record.partition}:${record.offset}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    });
  }
  return counts;
}

/** Asserts every offset 0..count-1 of each partition appears exactly once; returns a problem list (empty = ok). */
export function exactlyOnceProblems(counts: Map<string, number>, perPartition: Map<number, number>): string[] {
  const problems: string[] = [];
  let expected = 0;
  for (const [partition, count] of perPartition) {
    expected += count;
    for (let offset = 0; offset < count; offset += 1) {
      const seen = counts.get(`${partition}:${offset}`) ?? 0;
      if (seen !== 1) problems.push(`${partition}:${offset} seen ${seen} times`);
      if (problems.length > 20) return problems;
    }
  }
  if (counts.size !== expected) problems.push(`${counts.size} distinct offsets exported, ${expected} produced`);
  return problems;
}
