import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, KCAT, kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';
import { fetchBody, RawClient, readFetchResponse } from './raw-client.js';

let under: BrokerUnderTest;
let bootstrap: string;

beforeAll(async () => {
  under = await startBrokerUnderTest();
  bootstrap = under.broker.bootstrapServers;
});
afterAll(() => under.close());

describe('embedded broker with kcat (librdkafka)', () => {
  it('kcat -L lists the topics and their partitions', async () => {
    await under.broker.admin.createTopic('listed-a', { partitions: 3 });
    await under.broker.admin.createTopic('listed-b', { partitions: 1 });
    const { code, stdout } = await kcat(['-b', bootstrap, '-L', '-J']);
    expect(code).toBe(0);
    const meta = JSON.parse(stdout.toString()) as { brokers: { id: number; name: string }[]; topics: { topic: string; partitions: { partition: number; leader: number }[] }[] };
    expect(meta.brokers).toEqual([{ id: 0, name: bootstrap }]);
    const byName = new Map(meta.topics.map((t) => [t.topic, t.partitions.map((p) => p.partition).sort()]));
    expect(byName.get('listed-a')).toEqual([0, 1, 2]);
    expect(byName.get('listed-b')).toEqual([0]);
  });

  it('reads back 100 000 messages produced with kcat -P byte for byte', async () => {
    await under.broker.admin.createTopic('hundred-k', { partitions: 1 });
    const lines = Array.from({ length: 100_000 }, (_, i) => `message ${i} ${'x'.repeat(i % 97)} ü€ ${i * 7919}`);
    const input = `${lines.join('\n')}\n`;
    const produced = await kcat(['-b', bootstrap, '-P', '-t', 'hundred-k', '-p', '0'], input);
    expect(produced.code, produced.stderr).toBe(0);
    expect(await under.broker.admin.highWatermarks('hundred-k')).toEqual([100_000]);
    const consumed = await kcat(['-b', bootstrap, '-C', '-t', 'hundred-k', '-o', 'beginning', '-e', '-q']);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.equals(Buffer.from(input))).toBe(true);
  });

  it.each([
    ['gzip', 1],
    ['snappy', 2],
    ['lz4', 3],
    ['zstd', 4],
  ])('passes %s batches through untouched and kcat decompresses them', async (codec, codecId) => {
    const topic = `compressed-${codec}`;
    await under.broker.admin.createTopic(topic, { partitions: 1 });
    const lines = Array.from({ length: 2000 }, (_, i) => `${codec} record ${i} ${'abc'.repeat(i % 50)}`);
    const produced = await kcat(['-b', bootstrap, '-P', '-t', topic, '-z', codec, '-X', 'linger.ms=100', '-d', 'msg'], `${lines.join('\n')}\n`);
    expect(produced.code, produced.stderr).toBe(0);
    // librdkafka sends uncompressed when it thinks the broker cannot take the codec: it must not think so
    expect(produced.stderr.toString()).not.toMatch(/not compressing batch/);
    expect(await storedCodecs(topic), 'compression codecs of the stored batches').toContain(codecId);
    const consumed = await kcat(['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q']);
    expect(consumed.stdout.toString().split('\n').slice(0, -1)).toEqual(lines);
  });

  it('splits partitions between two kcat -G consumers, commits, and a third run resumes from the commits', async () => {
    const topic = 'grouped';
    const group = 'kcat-group';
    await under.broker.admin.createTopic(topic, { partitions: 4 });
    const a = startGroupConsumer(group, topic);
    const b = startGroupConsumer(group, topic);
    try {
      await eventually('a stable group of two', async () => {
        const g = (await under.broker.admin.listGroups()).find((x) => x.groupId === group);
        return g?.state === 'Stable' && g.members === 2 ? g : undefined;
      });
      for (let p = 0; p < 4; p++) {
        const body = Array.from({ length: 25 }, (_, i) => `p${p}-m${i}`).join('\n');
        expect((await kcat(['-b', bootstrap, '-P', '-t', topic, '-p', String(p)], `${body}\n`)).code).toBe(0);
      }
      await eventually('100 messages across both consumers', () => (a.lines.length + b.lines.length === 100 ? true : undefined));
      const partitionsOf = (lines: string[]) => new Set(lines.map((l) => l.split(' ')[0]));
      const pa = partitionsOf(a.lines);
      const pb = partitionsOf(b.lines);
      expect(pa.size).toBeGreaterThan(0);
      expect(pb.size).toBeGreaterThan(0);
      expect([...pa].filter((p) => pb.has(p))).toEqual([]);
      expect(pa.size + pb.size).toBe(4);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const committed = await eventually('committed offsets for every partition', async () => {
      const g = (await under.broker.admin.listGroups()).find((x) => x.groupId === group);
      const offsets = g?.offsets[topic];
      return offsets && [0, 1, 2, 3].every((p) => offsets[p] === 25) ? offsets : undefined;
    });
    expect(committed).toEqual({ 0: 25, 1: 25, 2: 25, 3: 25 });

    expect((await kcat(['-b', bootstrap, '-P', '-t', topic, '-p', '2'], 'late-1\nlate-2\n')).code).toBe(0);
    const c = startGroupConsumer(group, topic);
    try {
      await eventually('the two new messages', () => (c.lines.length >= 2 ? true : undefined));
      await new Promise((r) => setTimeout(r, 500));
      expect(c.lines.map((l) => l.split(' ').slice(1).join(' '))).toEqual(['25 late-1', '26 late-2']);
    } finally {
      await c.stop();
    }
  });

  it('rebalances onto the survivor when a member is killed and its session times out', async () => {
    const topic = 'abandoned';
    const group = 'timeout-group';
    await under.broker.admin.createTopic(topic, { partitions: 2 });
    const survivor = startGroupConsumer(group, topic);
    const victim = startGroupConsumer(group, topic);
    try {
      await eventually('a stable group of two', async () => {
        const g = (await under.broker.admin.listGroups()).find((x) => x.groupId === group);
        return g?.state === 'Stable' && g.members === 2 ? g : undefined;
      });
      victim.kill(); // SIGKILL: no LeaveGroup, only the 6 s session timeout tells the broker
      await eventually('a stable group of one', async () => {
        const g = (await under.broker.admin.listGroups()).find((x) => x.groupId === group);
        return g?.state === 'Stable' && g.members === 1 ? g : undefined;
      });
      expect(under.logs.some((l) => l.includes(`group ${group}`) && l.includes('session timeout 6000 ms expired'))).toBe(true);
      for (const p of [0, 1]) expect((await kcat(['-b', bootstrap, '-P', '-t', topic, '-p', String(p)], `to-${p}\n`)).code).toBe(0);
      await eventually('both partitions on the survivor', () => (survivor.lines.length >= 2 ? true : undefined));
      expect(survivor.lines.map((l) => l.split(' ')[2]).sort()).toEqual(['to-0', 'to-1']);
    } finally {
      await Promise.all([survivor.stop(), victim.stop()]);
    }
  });
});

describe('Fetch errors kcat can read', () => {
  it.each([
    ['smallest', 'kept-0\nkept-1\nkept-2\n'],
    ['largest', ''],
  ])('an offset past the end is OFFSET_OUT_OF_RANGE with an empty record set, so auto.offset.reset=%s applies', async (reset, expected) => {
    const topic = `out-of-range-${reset}`;
    await under.broker.admin.createTopic(topic, { partitions: 1 });
    expect((await kcat(['-b', bootstrap, '-P', '-t', topic, '-p', '0'], 'kept-0\nkept-1\nkept-2\n')).code).toBe(0);
    // a null record set (length -1) is a parse failure for librdkafka, which then retries the same offset forever
    const consumed = await kcat(['-b', bootstrap, '-C', '-t', topic, '-p', '0', '-o', '100', '-e', '-q', '-X', `auto.offset.reset=${reset}`], undefined, 20_000);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.toString()).toBe(expected);
  });

  it('answers an unknown partition with an empty record set (raw Fetch)', async () => {
    const client = await RawClient.connect(under.broker.port);
    try {
      expect(readFetchResponse(await client.request(1, 11, fetchBody('no-such-topic', 0, 0)))).toEqual({
        index: 0,
        errorCode: 3,
        highWatermark: -1,
        logStartOffset: -1,
        records: Buffer.alloc(0),
      });
    } finally {
      client.close();
    }
  });
});

interface GroupConsumer {
  lines: string[];
  kill(): void;
  stop(): Promise<void>;
}

/** The compression codec (attributes & 7) of every batch in partition 0's first segment, as stored. */
async function storedCodecs(topic: string): Promise<number[]> {
  const log = await readFile(join(under.dataDir, 'topics', topic, '0', '00000000000000000000.log'));
  const codecs: number[] = [];
  for (let at = 0; at + 23 <= log.length; at += log.readInt32BE(at + 8) + 12) codecs.push(log.readInt16BE(at + 21) & 0x07);
  return codecs;
}

function startGroupConsumer(group: string, topic: string): GroupConsumer {
  const child: ChildProcess = spawn(KCAT, ['-b', bootstrap, '-G', group, '-f', '%p %o %s\n', '-u', '-q', '-X', 'auto.offset.reset=earliest', '-X', 'session.timeout.ms=6000', topic], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    lines,
    kill: () => child.kill('SIGKILL'),
    async stop() {
      // SIGINT: kcat closes the consumer, committing its offsets and leaving the group
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}
