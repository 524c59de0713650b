import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Reader, Writer } from '../../../src/emulator/kafka/codec.js';
import { crc32c } from '../../../src/emulator/kafka/crc32c.js';
import { kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';

let under: BrokerUnderTest;

beforeAll(async () => {
  under = await startBrokerUnderTest();
  await under.broker.admin.createTopic('survivor', { partitions: 1 });
});
afterAll(() => under.close());

/**
 * Sends raw bytes; resolves once a whole answer frame came back, or the broker closed the socket, or — for
 * requests that may legitimately wait (a random Fetch or JoinGroup) — after `waitMs`, which is no assertion.
 */
function exchange(bytes: Buffer, waitMs = 30_000): Promise<{ closedByBroker: boolean; received: Buffer }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(under.broker.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = (closedByBroker: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ closedByBroker, received: Buffer.concat(chunks) });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d) => {
      chunks.push(d);
      const received = Buffer.concat(chunks);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) finish(false);
    });
    socket.on('error', reject);
    socket.on('end', () => finish(true));
    socket.write(bytes);
  });
}

function request(apiKey: number, version: number, body: Buffer = Buffer.alloc(0), correlationId = 7): Buffer {
  const w = new Writer();
  const setSize = w.placeholderInt32();
  w.int16(apiKey).int16(version).int32(correlationId).nullableString('fuzz');
  w.raw(body);
  setSize(w.length - 4);
  return w.toBuffer();
}

async function brokerStillServes(): Promise<void> {
  const produced = await kcat(['-b', under.broker.bootstrapServers, '-P', '-t', 'survivor'], 'still here\n');
  expect(produced.code, produced.stderr).toBe(0);
  const consumed = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', 'survivor', '-o', '-1', '-e', '-q']);
  expect(consumed.stdout.toString()).toBe('still here\n');
}

describe('bad frames close only their own connection', () => {
  it.each([
    // framed, so the broker has the whole frame to refuse (random bytes from the start would name a random
    // length, and one up to the limit just makes it wait for the rest, as Kafka does)
    ['a frame of random bytes', () => Buffer.concat([Buffer.from([0, 0, 0x0f, 0xfc]), randomBytes(4092)])],
    ['a length over the 100 MiB limit', () => Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3])],
    ['a negative length', () => Buffer.from([0xff, 0xff, 0xff, 0xfe])],
    ['an unknown API key', () => request(999, 0)],
    ['an unsupported Metadata version', () => request(3, 42)],
    ['a request header cut short', () => Buffer.from([0, 0, 0, 3, 0, 3, 0])],
    ['a truncated Produce body', () => request(0, 7, Buffer.from([0xff, 0xff, 0, 1, 0, 0]))],
    ['an array length larger than the frame', () => request(3, 1, Buffer.from([0x7f, 0xff, 0xff, 0xff]))],
  ])('%s', async (_name, bytes) => {
    const { closedByBroker, received } = await exchange(bytes());
    expect(closedByBroker).toBe(true);
    expect(received.length).toBe(0);
    await brokerStillServes();
  });

  it('logs why it closed a connection', () => {
    expect(under.logs.some((l) => /closing connection .*unknown API key 999/.test(l))).toBe(true);
    expect(under.logs.some((l) => /frame length 2147483647 is outside/.test(l))).toBe(true);
  });

  it('answers 200 random frames with valid framing and keeps serving', async () => {
    for (let i = 0; i < 200; i++) {
      const body = randomBytes(Math.floor(Math.random() * 200));
      const frame = request(Math.floor(Math.random() * 40), Math.floor(Math.random() * 12), body, i);
      await exchange(frame, 200);
    }
    await brokerStillServes();
  });
});

describe('protocol answers that are errors, not disconnects', () => {
  it('answers ApiVersions at an unknown version with UNSUPPORTED_VERSION and the supported list (v0 form)', async () => {
    const { closedByBroker, received } = await exchange(request(18, 9));
    expect(closedByBroker).toBe(false);
    const r = new Reader(received);
    expect(r.int32()).toBe(received.length - 4);
    expect(r.int32()).toBe(7); // correlation id
    expect(r.int16()).toBe(35);
    const apis = r.array((x) => ({ key: x.int16(), min: x.int16(), max: x.int16() }));
    expect(apis.find((a) => a.key === 18)).toEqual({ key: 18, min: 0, max: 3 });
    // Produce reaches down to v0 as in Kafka 2.x (librdkafka compresses only then); v0–2 bodies are refused below
    expect(apis.find((a) => a.key === 0)).toEqual({ key: 0, min: 0, max: 8 });
  });

  it('rejects a record batch whose CRC-32C does not match with CORRUPT_MESSAGE and stores nothing', async () => {
    const batch = recordBatch(Buffer.from('payload'));
    batch.writeUInt32BE((batch.readUInt32BE(17) ^ 1) >>> 0, 17);
    const body = new Writer()
      .nullableString(null)
      .int16(1)
      .int32(1000)
      .array(['survivor'], (w, t) => w.string(t).array([0], (w2, p) => w2.int32(p).bytes(batch)))
      .toBuffer();
    const before = await under.broker.admin.highWatermarks('survivor');
    const { received } = await exchange(request(0, 7, body));
    const r = new Reader(received);
    r.int32();
    r.int32();
    const [topic] = r.array((x) => ({ name: x.string(), partitions: x.array((y) => ({ index: y.int32(), error: y.int16() })) }));
    expect(topic).toEqual({ name: 'survivor', partitions: [{ index: 0, error: 2 }] });
    expect(await under.broker.admin.highWatermarks('survivor')).toEqual(before);
  });

  it('refuses a Produce v2 message set of magic 1 with UNSUPPORTED_FOR_MESSAGE_FORMAT, in the v2 response form', async () => {
    const message = new Writer().int32(0).int8(1).int8(0).int64(Date.now()).nullableBytes(null).nullableBytes(Buffer.from('old format')).toBuffer();
    const messageSet = new Writer().int64(0).int32(message.length).raw(message).toBuffer();
    const body = new Writer()
      .int16(1)
      .int32(1000)
      .array(['survivor'], (w, t) => w.string(t).array([0], (w2, p) => w2.int32(p).bytes(messageSet)))
      .toBuffer();
    const before = await under.broker.admin.highWatermarks('survivor');
    const { closedByBroker, received } = await exchange(request(0, 2, body));
    expect(closedByBroker).toBe(false);
    const r = new Reader(received);
    expect(r.int32()).toBe(received.length - 4);
    expect(r.int32()).toBe(7);
    const [topic] = r.array((x) => ({
      name: x.string(),
      partitions: x.array((y) => ({ index: y.int32(), error: y.int16(), baseOffset: y.int64(), logAppendTime: y.int64() })),
    }));
    expect(topic).toEqual({ name: 'survivor', partitions: [{ index: 0, error: 43, baseOffset: -1, logAppendTime: -1 }] });
    expect(r.int32()).toBe(0); // throttle time, the last field of v1+
    expect(await under.broker.admin.highWatermarks('survivor')).toEqual(before);
  });

  it('accepts the same batch with its CRC intact', async () => {
    const before = (await under.broker.admin.highWatermarks('survivor'))[0]!;
    const body = new Writer()
      .nullableString(null)
      .int16(1)
      .int32(1000)
      .array(['survivor'], (w, t) => w.string(t).array([0], (w2, p) => w2.int32(p).bytes(recordBatch(Buffer.from('payload')))))
      .toBuffer();
    await exchange(request(0, 7, body));
    expect(await under.broker.admin.highWatermarks('survivor')).toEqual([before + 1]);
    const consumed = await kcat(['-b', under.broker.bootstrapServers, '-C', '-t', 'survivor', '-o', '-1', '-e', '-q']);
    expect(consumed.stdout.toString()).toBe('payload\n');
  });
});

/** One uncompressed record in a v2 batch, built from the format description. */
function recordBatch(value: Buffer): Buffer {
  const record = new Writer();
  record.int8(0); // attributes
  zigzag(record, 0); // timestamp delta
  zigzag(record, 0); // offset delta
  zigzag(record, -1); // null key
  zigzag(record, value.length);
  record.raw(value);
  zigzag(record, 0); // headers
  const recordBytes = record.toBuffer();
  const w = new Writer();
  w.int64(0).int32(0).int32(0).int8(2).int32(0); // base offset, length, leader epoch, magic, crc
  w.int16(0).int32(0).int64(Date.now()).int64(Date.now()).int64(-1).int16(-1).int32(-1).int32(1);
  zigzag(w, recordBytes.length);
  w.raw(recordBytes);
  const out = Buffer.from(w.toBuffer());
  out.writeInt32BE(out.length - 12, 8);
  out.writeUInt32BE(crc32c(out, 21), 17);
  return out;
}

function zigzag(w: Writer, v: number): void {
  w.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
}
