import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writer } from '../../../src/emulator/kafka/codec.js';
import { startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';
import { RawClient } from './raw-client.js';

const NOT_COORDINATOR = 16;
const topic = 'tracked';
let under: BrokerUnderTest;

beforeAll(async () => {
  under = await startBrokerUnderTest();
  await under.broker.admin.createTopic(topic, { partitions: 2 });
});
afterAll(() => under.close());

async function withAdmin<T>(use: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = new Kafka({ brokers: [under.broker.bootstrapServers], logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

const committed = (groupId: string) =>
  withAdmin(async (admin) => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]!.partitions.map((p) => ({ partition: p.partition, offset: p.offset })).sort((a, b) => a.partition - b.partition));

const groupsDir = () => join(under.dataDir, 'groups');
const hashed = (groupId: string) => `${createHash('sha256').update(groupId).digest('hex')}.json`;

/** OffsetCommit v2 as a client that manages its partitions itself (generation -1, no member). */
function simpleCommit(groupId: string, offsets: number[]): Buffer {
  return new Writer()
    .string(groupId)
    .int32(-1)
    .string('')
    .int64(-1)
    .array([topic], (w, t) => w.string(t).array([...offsets.entries()], (w2, [partition, offset]) => w2.int32(partition).int64(offset).nullableString(null)))
    .toBuffer();
}

/** Commits `offsets` (partition i at offsets[i]); resolves with each partition's error code. */
async function commit(groupId: string, offsets: number[], client?: RawClient): Promise<number[]> {
  const c = client ?? (await RawClient.connect(under.broker.port));
  try {
    const r = await c.request(8, 2, simpleCommit(groupId, offsets));
    return r.array((t) => (t.string(), t.array((p) => (p.int32(), p.int16()))))[0]!;
  } finally {
    if (!client) c.close();
  }
}

describe('committed offsets of any group id survive a restart', () => {
  it.each([
    ['a 300-character id', 'g'.repeat(300)],
    ['a long non-ASCII id', '消费者组-😀-'.repeat(30)],
    ['an id made of path characters', '../../etc/passwd/.'],
    ['the longest id the protocol carries (32 767 bytes)', 'x'.repeat(32_767)],
  ])('%s', async (_name, groupId) => {
    expect(await commit(groupId, [42, 7])).toEqual([0, 0]);
    await under.restart();
    expect(await committed(groupId)).toEqual([
      { partition: 0, offset: '42' },
      { partition: 1, offset: '7' },
    ]);
    expect((await under.broker.admin.listGroups()).some((g) => g.groupId === groupId)).toBe(true);
  });

  it('reads a group file of the earlier naming, and replaces it with the hashed one on the next commit', async () => {
    const groupId = 'legacy.readers';
    await under.broker.close();
    writeFileSync(join(groupsDir(), 'legacy%2Ereaders.json'), JSON.stringify({ [topic]: { 0: { offset: 5, leaderEpoch: -1, metadata: null } } }));
    await under.restart();
    expect(await committed(groupId)).toEqual([
      { partition: 0, offset: '5' },
      { partition: 1, offset: '-1' },
    ]);
    await withAdmin((admin) => admin.setOffsets({ groupId, topic, partitions: [{ partition: 1, offset: '9' }] }));
    expect(readdirSync(groupsDir())).not.toContain('legacy%2Ereaders.json');
    expect(readdirSync(groupsDir())).toContain(hashed(groupId));
    await under.restart();
    expect(await committed(groupId)).toEqual([
      { partition: 0, offset: '5' },
      { partition: 1, offset: '9' },
    ]);
  });

  it('answers a commit that cannot be written with NOT_COORDINATOR, keeps the connection and the earlier offset', async () => {
    const groupId = 'unwritable';
    const client = await RawClient.connect(under.broker.port);
    try {
      expect(await commit(groupId, [3], client)).toEqual([0]);
      const blocker = join(groupsDir(), `${hashed(groupId)}.tmp`);
      mkdirSync(blocker); // the atomic write's temporary file cannot be created
      expect(await commit(groupId, [4], client)).toEqual([NOT_COORDINATOR]);
      expect((await committed(groupId))[0]).toEqual({ partition: 0, offset: '3' });
      rmSync(blocker, { recursive: true });
      expect(await commit(groupId, [5], client)).toEqual([0]);
    } finally {
      client.close();
    }
    await under.restart();
    expect((await committed(groupId))[0]).toEqual({ partition: 0, offset: '5' });
  });
});
