import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';

let under: BrokerUnderTest;

beforeAll(async () => {
  under = await startBrokerUnderTest({ retentionCheckIntervalMs: 100 });
});
afterAll(() => under.close());

const segmentFiles = (topic: string) => readdirSync(join(under.dataDir, 'topics', topic, '0')).filter((f) => f.endsWith('.log')).sort();

/**
 * One produce run = exactly one record batch (kafkajs sends one batch per partition per send). kcat -P cut a
 * run into batches by time (linger.ms), so under load a run of 100 became 2 + 98, the 2 went into the
 * previous segment, and retention left 602 where the test expected 600.
 */
async function produceRun(topic: string, values: string[]): Promise<void> {
  const producer = new Kafka({ brokers: [under.broker.bootstrapServers], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value) => ({ value, partition: 0 })) });
  } finally {
    await producer.disconnect();
  }
}

async function offsets(topic: string): Promise<{ low: number; high: number }> {
  const admin = new Kafka({ brokers: [under.broker.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [p] = await admin.fetchTopicOffsets(topic);
    return { low: Number(p!.low), high: Number(p!.high) };
  } finally {
    await admin.disconnect();
  }
}

describe('segments and retention', () => {
  it('rolls segments at segment.bytes, drops the oldest past retention.bytes, and keeps that state across a restart', async () => {
    const topic = 'rolling';
    await under.broker.admin.createTopic(topic, { partitions: 1, configs: { 'segment.bytes': '16384', 'retention.bytes': '40000' } });
    // ten produce runs, one ~10 KB batch each: at most one batch fits a 16 KiB segment
    for (let run = 0; run < 10; run++) await produceRun(topic, Array.from({ length: 100 }, (_, i) => `run ${run} record ${i} ${'z'.repeat(80)}`));
    // ~10.8 KB per segment: four stay under 40 000 bytes once a fifth is dropped
    await eventually('retention down to four segments', () => (segmentFiles(topic).length === 4 ? true : undefined));
    const { low } = await offsets(topic);
    expect(low).toBe(600); // whole segments, so whole produce runs
    expect((await offsets(topic)).high).toBe(1000);
    expect(segmentFiles(topic)[0]).toBe(`${String(low).padStart(20, '0')}.log`);

    const consumed = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q']);
    const lines = consumed.stdout.toString().trim().split('\n');
    expect(lines.length).toBe(1000 - low);
    expect(lines[0]).toMatch(new RegExp(`^run ${low / 100} record 0 `));

    await under.restart();
    expect(await offsets(topic)).toEqual({ low, high: 1000 });
    const again = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q']);
    expect(again.stdout.equals(consumed.stdout)).toBe(true);
  });

  it('keeps everything on a compacted topic (compaction is not run)', async () => {
    const topic = 'compacted';
    await under.broker.admin.createTopic(topic, { partitions: 1, configs: { 'cleanup.policy': 'compact', 'segment.bytes': '16384', 'retention.bytes': '1' } });
    for (let run = 0; run < 3; run++) await produceRun(topic, Array.from({ length: 100 }, (_, i) => `c${run}-${i} ${'y'.repeat(100)}`));
    // a delete-policy witness filled after it: once retention trimmed the witness, a pass has run over both
    const witness = 'retention-witness';
    await under.broker.admin.createTopic(witness, { partitions: 1, configs: { 'segment.bytes': '16384', 'retention.bytes': '1' } });
    for (let run = 0; run < 2; run++) await produceRun(witness, Array.from({ length: 100 }, (_, i) => `w${run}-${i} ${'x'.repeat(100)}`));
    await eventually('a retention pass over the witness', () => (segmentFiles(witness).length === 1 ? true : undefined));
    expect(segmentFiles(topic).length).toBe(3);
    expect(await offsets(topic)).toEqual({ low: 0, high: 300 });
  });
});
