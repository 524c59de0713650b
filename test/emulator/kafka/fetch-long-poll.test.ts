import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reader, Writer } from '../../../src/emulator/kafka/codec.js';
import { FrameReader } from '../../../src/emulator/kafka/frame-reader.js';
import { kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';

let under: BrokerUnderTest;

beforeAll(async () => {
  under = await startBrokerUnderTest();
  await under.broker.admin.createTopic('waiting', { partitions: 1 });
});
afterAll(() => under.close());

function frame(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  const w = new Writer();
  const setSize = w.placeholderInt32();
  w.int16(apiKey).int16(version).int32(correlationId).nullableString('long-poll-test').raw(body);
  setSize(w.length - 4);
  return w.toBuffer();
}

describe('Fetch long poll', () => {
  it('wakes a waiting Fetch when a record arrives, and answers requests on the connection in order', async () => {
    // MaxWaitMs far beyond the test timeout: only an append can complete this Fetch in time
    const fetchBody = new Writer()
      .int32(-1) // replica
      .int32(600_000) // max wait
      .int32(1) // min bytes
      .int32(1 << 20)
      .int8(0)
      .int32(0) // session id
      .int32(-1) // session epoch
      .array(['waiting'], (w, t) => w.string(t).array([0], (w2, p) => w2.int32(p).int32(-1).int64(0).int64(-1).int32(1 << 20)))
      .array([], () => undefined)
      .string('')
      .toBuffer();
    const socket = connect(under.broker.port, '127.0.0.1');
    const frames = new FrameReader(1 << 24);
    const responses: Buffer[] = [];
    const two = new Promise<void>((resolve) => {
      socket.on('data', (d) => {
        responses.push(...frames.push(d).frames);
        if (responses.length >= 2) resolve();
      });
    });
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(Buffer.concat([frame(1, 11, 1, fetchBody), frame(18, 0, 2, Buffer.alloc(0))]));
    await new Promise((r) => setTimeout(r, 300));
    expect(responses).toEqual([]); // both wait: the Fetch for data, ApiVersions for its turn

    expect((await kcat(['-b', under.broker.bootstrapServers, '-P', '-t', 'waiting'], 'woken\n')).code).toBe(0);
    await two;
    socket.destroy();

    const fetch = new Reader(responses[0]!);
    expect(fetch.int32()).toBe(1);
    fetch.int32(); // throttle
    expect(fetch.int16()).toBe(0);
    fetch.int32(); // session
    const [topic] = fetch.array((t) => ({
      name: t.string(),
      partitions: t.array((p) => {
        const index = p.int32();
        const errorCode = p.int16();
        const highWatermark = p.int64();
        p.int64();
        p.int64();
        p.nullableArray((a) => (a.int64(), a.int64()));
        p.int32();
        return { index, errorCode, highWatermark, records: p.nullableBytes() };
      }),
    }));
    expect(topic!.partitions[0]).toMatchObject({ index: 0, errorCode: 0, highWatermark: 1 });
    expect(topic!.partitions[0]!.records!.includes(Buffer.from('woken'))).toBe(true);
    expect(new Reader(responses[1]!).int32()).toBe(2);
  });
});
