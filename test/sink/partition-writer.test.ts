import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageRecords } from '../../src/kafka/fetched-records.js';
import { ossObjectWriter } from '../../src/sink/object-writer.js';
import { PartitionWriter } from '../../src/sink/partition-writer.js';
import { DEFAULT_SINK_SETTINGS } from '../../src/sink/settings.js';
import { readExport, startTestOss, type TestOss } from '../support/test-oss.js';

let oss: TestOss;

beforeAll(async () => {
  oss = await startTestOss();
});

afterAll(async () => {
  await oss?.close();
});

const records = (...offsets: number[]) =>
  new MessageRecords(offsets.map((offset) => ({ offset, timestamp: 1_700_000_000_000 + offset, key: null, value: Buffer.from(`v${offset}`) })));

describe('PartitionWriter and offsets the fetch skipped', () => {
  it('commits past transaction markers, aborted and compacted offsets, after the records before them and alone', async () => {
    const bucket = await oss.bucket('writer-skip');
    const commits: number[] = [];
    const writer = new PartitionWriter({
      topic: 't',
      partition: 0,
      settings: DEFAULT_SINK_SETTINGS,
      writer: ossObjectWriter(bucket, { prefix: '' }),
      commit: async (next) => void commits.push(next),
    });
    // records 0–2, then a commit marker at 3: the fetch moved to 4
    await writer.appendRecords(records(0, 1, 2));
    writer.skipTo(4);
    await writer.flush();
    expect(commits).toEqual([4]);
    // a fetch of nothing but an aborted transaction and its marker (4–6)
    writer.skipTo(7);
    expect(writer.dueAt()).toBeDefined();
    await writer.flush();
    expect(commits).toEqual([4, 7]);
    // a record below the position again (a refetch) is not written twice; a move backwards changes nothing
    await writer.appendRecords(records(6, 7));
    writer.skipTo(5);
    await writer.flush();
    expect(commits).toEqual([4, 7, 8]);
    const objects = await readExport(bucket, '');
    expect(objects.map((o) => [o.name, o.records.map((r) => r.offset)])).toEqual([
      ['t/0/00000000000000000000.json', [0, 1, 2]],
      ['t/0/00000000000000000007.json', [7]],
    ]);
  });
});
