import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';
import { LimitedDisk } from './limited-disk.js';
import { fetchBody, produce, RawClient, readFetchResponse, recordBatch } from './raw-client.js';

const KAFKA_STORAGE_ERROR = 56;
const topic = 'disk';

let under: BrokerUnderTest;
const disk = new LimitedDisk();

beforeAll(async () => {
  under = await startBrokerUnderTest({ logFiles: disk });
  await under.broker.admin.createTopic(topic, { partitions: 1 });
});
afterAll(() => under.close());

const consumeAll = async () => {
  const consumed = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', topic, '-o', 'beginning', '-e', '-q']);
  expect(consumed.code, consumed.stderr).toBe(0);
  expect(consumed.stderr).toBe('');
  return consumed.stdout.toString();
};

describe('a full disk (ENOSPC injected through the log file seam)', () => {
  it('answers KAFKA_STORAGE_ERROR, assigns no offsets to the failed write, and keeps every acknowledged record across a restart', async () => {
    const client = await RawClient.connect(under.broker.port);
    const first = recordBatch([{ value: 'a0' }, { value: 'a1' }]);
    expect(await produce(client, topic, 0, first)).toMatchObject({ errorCode: 0, baseOffset: 0 });

    disk.free = 30; // less than a batch: the write stops half-way
    expect(await produce(client, topic, 0, recordBatch([{ value: 'lost-1' }]))).toMatchObject({ errorCode: KAFKA_STORAGE_ERROR, baseOffset: -1 });
    expect(await produce(client, topic, 0, recordBatch([{ value: 'lost-2' }]))).toMatchObject({ errorCode: KAFKA_STORAGE_ERROR, baseOffset: -1 });
    expect(await under.broker.admin.highWatermarks(topic)).toEqual([2]);

    disk.free = Number.POSITIVE_INFINITY; // space comes back: the same connection writes again
    const second = recordBatch([{ value: 'd0' }, { value: 'd1' }, { value: 'd2' }]);
    expect(await produce(client, topic, 0, second)).toMatchObject({ errorCode: 0, baseOffset: 2 });
    client.close();
    expect(await under.broker.admin.highWatermarks(topic)).toEqual([5]);
    expect(await consumeAll()).toBe('a0\na1\nd0\nd1\nd2\n');
    // nothing of the failed writes is left in the segment
    expect(statSync(join(under.dataDir, 'topics', topic, '0', `${'0'.repeat(20)}.log`)).size).toBe(first.length + second.length);

    await under.restart();
    expect(await under.broker.admin.highWatermarks(topic)).toEqual([5]);
    expect(await consumeAll()).toBe('a0\na1\nd0\nd1\nd2\n');
  });

  it('answers a failed read with KAFKA_STORAGE_ERROR and an empty record set, and keeps the connection', async () => {
    const client = await RawClient.connect(under.broker.port);
    disk.failReads = true;
    try {
      const answer = readFetchResponse(await client.request(1, 11, fetchBody(topic, 0, 0)));
      expect(answer).toMatchObject({ errorCode: KAFKA_STORAGE_ERROR, records: Buffer.alloc(0) });
    } finally {
      disk.failReads = false;
    }
    const again = readFetchResponse(await client.request(1, 11, fetchBody(topic, 0, 0)));
    expect(again.errorCode).toBe(0);
    expect(again.records!.includes(Buffer.from('a0'))).toBe(true);
    client.close();
  });

  it('takes the partition offline when a failed write cannot be cut off, and recovery cuts the torn batch at the restart', async () => {
    const client = await RawClient.connect(under.broker.port);
    const before = (await under.broker.admin.highWatermarks(topic))[0]!;
    disk.free = 70; // the header of the batch fits, its records do not
    disk.failTruncates = true;
    expect(await produce(client, topic, 0, recordBatch([{ value: 'torn'.repeat(20) }]))).toMatchObject({ errorCode: KAFKA_STORAGE_ERROR, baseOffset: -1 });
    disk.free = Number.POSITIVE_INFINITY;
    disk.failTruncates = false;
    expect(await produce(client, topic, 0, recordBatch([{ value: 'refused' }]))).toMatchObject({ errorCode: KAFKA_STORAGE_ERROR, baseOffset: -1 });
    expect(readFetchResponse(await client.request(1, 11, fetchBody(topic, 0, 0))).errorCode).toBe(KAFKA_STORAGE_ERROR);
    client.close();
    expect(under.logs.some((l) => l.includes('offline until the broker restarts'))).toBe(true);

    await under.restart();
    expect(await under.broker.admin.highWatermarks(topic)).toEqual([before]);
    const again = await RawClient.connect(under.broker.port);
    expect(await produce(again, topic, 0, recordBatch([{ value: 'after' }]))).toMatchObject({ errorCode: 0, baseOffset: before });
    again.close();
    expect(await consumeAll()).toBe('a0\na1\nd0\nd1\nd2\nafter\n');
  });
});
