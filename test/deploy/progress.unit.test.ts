import { describe, expect, it } from 'vitest';
import type { OssObjectSummary } from '../../src/cloud/oss.js';
import { newestInPartition } from '../../src/deploy/exported-objects.js';
import { readProgress, type ProgressSources } from '../../src/deploy/progress.js';
import { exportRate } from '../../src/cli/describe-watch.js';
import { lagBar, progressText } from '../../src/cli/progress-text.js';

const definition = { name: 'watch', instanceId: 'i-1', sourceTopic: 'orders', taskGroup: 'connect-watch' };
const name = (partition: number, offset: number) => `watch/orders/${partition}/${String(offset).padStart(20, '0')}.json`;

/** An OSS listing as OSS pages it: names after the marker, in name order, `maxKeys` at a time. */
function bucket(names: string[], calls: Array<string | undefined> = []): Pick<import('../../src/cloud/oss.js').OssBucketClient, 'list'> {
  const sorted = [...names].sort();
  return {
    async list(prefix, options) {
      calls.push(options?.marker);
      const after = sorted.filter((n) => n.startsWith(prefix) && (!options?.marker || n > options.marker));
      const page = after.slice(0, 2);
      const objects: OssObjectSummary[] = page.map((n) => ({ name: n, size: 10, etag: '"e"', lastModified: '2026-01-01T00:00:00.000Z' }));
      return after.length > 2 ? { objects, nextMarker: page[1]! } : { objects };
    },
  };
}

describe('the last object of a partition', () => {
  it('lists from the guess, follows pages, and reads the folder from its start when the guess is past every object', async () => {
    const names = [0, 100, 200, 300, 400].map((o) => name(0, o)).concat(name(1, 999), 'watch/.kafka-oss/journal/orders/0.json');
    const calls: Array<string | undefined> = [];
    expect((await newestInPartition(bucket(names, calls), definition, 0, 200))?.firstOffset).toBe(400);
    expect(calls).toEqual([name(0, 199), name(0, 300)]);
    calls.length = 0;
    expect((await newestInPartition(bucket(names, calls), definition, 0, 5000))?.firstOffset).toBe(400);
    expect(calls[0]).toBe(name(0, 4999));
    expect(calls[1]).toBeUndefined();
    expect(await newestInPartition(bucket([]), definition, 3)).toBeUndefined();
  });
});

describe('readProgress', () => {
  const sources = (over: Partial<ProgressSources> = {}): ProgressSources => ({
    alikafka: {
      consumerProgress: async () => ({ state: 'STABLE', totalDiff: 5, partitions: [{ topic: 'orders', partition: 0, brokerOffset: 500, consumerOffset: 495, accumulate: 5 }, { topic: 'other', partition: 1, brokerOffset: 9, consumerOffset: 1, accumulate: 8 }] }),
      topicEndOffsets: async () => [500, 7, 0],
    },
    oss: bucket([name(0, 400), name(1, 0)]),
    fc: { getTrigger: async () => ({ triggerName: 'kafka-source', triggerType: 'eventbridge', triggerConfig: { triggerEnable: true } }) },
    ...over,
  });

  it('joins the committed offsets of the source topic, the end offsets of every partition and the last objects', async () => {
    const progress = await readProgress(sources(), definition);
    expect(progress).toMatchObject({
      groupState: 'STABLE',
      trigger: 'running',
      partitions: [
        { partition: 0, highWatermark: 500, committedOffset: 495, lag: 5, lastObject: { name: name(0, 400), firstOffset: 400 } },
        { partition: 1, highWatermark: 7, committedOffset: null, lag: null, lastObject: { name: name(1, 0) } },
        { partition: 2, highWatermark: 0, committedOffset: null, lag: null, lastObject: null },
      ],
      totals: { highWatermark: 507, committedOffset: 495, lag: 5 },
    });
  });

  it('says whether the trigger runs, is missing, or cannot be asked', async () => {
    const stopped = { getTrigger: async () => ({ triggerName: 't', triggerType: 'eventbridge', triggerConfig: { triggerEnable: false } }) };
    expect((await readProgress(sources({ fc: stopped }), definition)).trigger).toBe('not running');
    expect((await readProgress(sources({ fc: { getTrigger: async () => undefined } }), definition)).trigger).toBe('missing');
    const { fc: _fc, ...withoutFc } = sources();
    expect((await readProgress(withoutFc, definition)).trigger).toBe('unknown');
  });
});

describe('the progress view', () => {
  const progress = (at: number, committed: number[], lags: Array<number | null>) => ({
    at,
    groupState: 'STABLE',
    trigger: 'running' as const,
    partitions: committed.map((c, partition) => ({ partition, highWatermark: c + (lags[partition] ?? 0), committedOffset: c, lag: lags[partition] ?? null, lastObject: null })),
    totals: { highWatermark: 0, committedOffset: committed.reduce((a, b) => a + b, 0), lag: 0 },
  });

  it('draws a lag bar scaled to the largest lag seen, empty when caught up', () => {
    expect(lagBar(0, 100)).toBe(`[${'·'.repeat(24)}]`);
    expect(lagBar(100, 100)).toBe(`[${'█'.repeat(24)}]`);
    expect(lagBar(50, 100)).toBe(`[${'█'.repeat(12)}${'·'.repeat(12)}]`);
    expect(lagBar(1, 1_000_000)).toBe(`[█${'·'.repeat(23)}]`);
  });

  it('computes records/s from the growth of the committed offsets', () => {
    expect(exportRate(undefined, progress(1000, [0], [0]))).toBeUndefined();
    expect(exportRate(progress(1000, [100, 0], [0, 0]), progress(3000, [1100, 1000], [0, 0]))).toBe(1000);
  });

  it('prints a row per partition and the totals, with a dash where nothing is committed', () => {
    const text = progressText(progress(Date.parse('2026-01-01T00:00:00Z'), [10, 20], [5, null]), 'connect-watch', { bars: { scale: 10 }, recordsPerSecond: 12.4 });
    expect(text).toContain('Progress of connect-watch (group STABLE, trigger running, 12 records/s) at 2026-01-01T00:00:00.000Z:');
    expect(text).toMatch(/\n {2}0 +15 +10 +5 +\[█{12}·{12}\] +— +—\n/);
    expect(text).toMatch(/\n {2}1 +20 +20 +— +— +—\n/);
    expect(text).toMatch(/\n {2}total +0 +30 +0\n$/);
  });
});
