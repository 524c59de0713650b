import { describe, expect, it } from 'vitest';
import { exportedObjectOf, lastRecords, listExportedObjects, newestByPartition } from '../../src/deploy/exported-objects.js';
import { objectsText } from '../../src/cli/objects-text.js';

const summary = (name: string, lastModified = '2026-01-01T00:00:00.000Z', size = 100) => ({ name, size, etag: '"e"', lastModified });
const definition = { name: 'orders-sink', sourceTopic: 'orders', bucket: 'b' };

describe('exported objects', () => {
  it('reads topic, partition and first offset from every layout the sink names, and leaves out the journals', () => {
    expect(exportedObjectOf('orders-sink/', summary('orders-sink/orders/2/00000000000000000100.json'))).toMatchObject({ topic: 'orders', partition: 2, firstOffset: 100 });
    expect(exportedObjectOf('orders-sink/', summary('orders-sink/2026/01/02/03/orders/0/00000000000000000007.json'))).toMatchObject({ topic: 'orders', partition: 0, firstOffset: 7 });
    expect(exportedObjectOf('orders-sink/', summary('orders-sink/.kafka-oss/journal/orders/0/00000000000000000000.json'))).toBeUndefined();
    expect(exportedObjectOf('orders-sink/', summary('orders-sink/.kafka-oss/journal/orders/0.json'))).toBeUndefined();
    expect(exportedObjectOf('orders-sink/', summary('orders-sink/notes.txt'))).toBeUndefined();
    expect(exportedObjectOf('orders-sink/', summary('other/orders/0/00000000000000000000.json'))).toBeUndefined();
  });

  it('lists newest first: by write time, then by offset within a second; filters a partition and the source topic', async () => {
    const listed = [
      summary('orders-sink/orders/0/00000000000000000000.json', '2026-01-01T00:00:01.000Z'),
      summary('orders-sink/orders/0/00000000000000000100.json', '2026-01-01T00:00:05.000Z'),
      summary('orders-sink/orders/0/00000000000000000200.json', '2026-01-01T00:00:05.000Z'),
      summary('orders-sink/orders/1/00000000000000000000.json', '2026-01-01T00:00:03.000Z'),
      summary('orders-sink/payments/0/00000000000000000000.json', '2026-01-01T00:00:09.000Z'),
      summary('orders-sink/.kafka-oss/journal/orders/0.json', '2026-01-01T00:00:09.000Z'),
    ];
    const oss = { listAll: async (prefix: string) => listed.filter((o) => o.name.startsWith(prefix)) };
    const all = await listExportedObjects(oss, definition);
    expect(all.map((o) => `${o.partition}/${o.firstOffset}`)).toEqual(['0/200', '0/100', '1/0', '0/0']);
    expect((await listExportedObjects(oss, definition, { partition: 1 })).map((o) => o.name)).toEqual(['orders-sink/orders/1/00000000000000000000.json']);
    expect([...newestByPartition(all)].map(([p, o]) => [p, o.firstOffset])).toEqual([[0, 200], [1, 0]]);
  });

  it('takes the last records of an object', async () => {
    const body = Buffer.from(`[${[1, 2, 3].map((offset) => JSON.stringify({ key: null, offset, value: `v${offset}` })).join(',\n')}]`);
    const oss = { get: async () => body };
    expect(await lastRecords(oss, 'x', 2)).toMatchObject([{ offset: 2 }, { offset: 3 }]);
    expect(await lastRecords(oss, 'x', 0)).toEqual([]);
  });

  it('prints a table newest first, the limit, and the last records as JSON lines', () => {
    const objects = [0, 1, 2].map((i) => ({ name: `orders-sink/orders/0/0000000000000000000${i}.json`, topic: 'orders', partition: 0, firstOffset: i, size: 2048, lastModified: '2026-01-01T00:00:00.000Z' }));
    const record = { key: 'k', offset: 2, overflowFlag: false, partition: 0, timestamp: 1, topic: 'orders', value: 'v', valueSize: 1 };
    const text = objectsText({ definition, objects, records: [record], limit: 2, now: Date.parse('2026-01-01T00:03:00.000Z') });
    expect(text).toContain('3 objects under oss://b/orders-sink/ (orders), newest first (the newest 2; --limit shows more):');
    expect(text).toMatch(/orders-sink\/orders\/0\/00000000000000000000\.json\s+0\s+0\s+2\.0 KiB\s+3m/);
    expect(text).not.toContain('00000000000000000002.json  ');
    expect(text).toContain(`Last 1 record of orders-sink/orders/0/00000000000000000000.json:\n  ${JSON.stringify(record)}\n`);
    expect(objectsText({ definition, objects: [], records: [], limit: 20, partition: 3 })).toBe('No objects exported yet under oss://b/orders-sink/ (orders, partition 3).\n');
  });
});
