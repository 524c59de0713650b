import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Writer } from '../../../src/emulator/kafka/codec.js';
import { FrameReader } from '../../../src/emulator/kafka/frame-reader.js';
import { eventually, kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';
import { startBrokerProcess, type BrokerProcess, type BrokerStats } from './broker-process.js';
import { fetchBody, frame, produce, RawClient, readFetchResponse, recordBatch } from './raw-client.js';

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 0x61);

let under: BrokerUnderTest | undefined;
let child: BrokerProcess | undefined;
const attackers: Attacker[] = [];

afterEach(async () => {
  for (const a of attackers.splice(0)) a.socket.destroy();
  await under?.close();
  await child?.stop();
  under = undefined;
  child = undefined;
});

interface Attacker {
  socket: Socket;
  /** True once every byte was handed to the kernel. */
  sentAll: boolean;
}

/** Declares a frame of `declared` bytes and sends `send` bytes of it, as fast as the broker reads them. */
function attack(port: number, declared: number, send: number): Attacker {
  const socket = connect(port, '127.0.0.1');
  const attacker: Attacker = { socket, sentAll: false };
  socket.on('error', () => undefined);
  socket.once('connect', async () => {
    if (socket.destroyed) return;
    const header = Buffer.alloc(4);
    header.writeInt32BE(declared);
    socket.write(header);
    for (let left = send; left > 0 && !socket.destroyed; left -= CHUNK.length) {
      const piece = CHUNK.subarray(0, Math.min(CHUNK.length, left));
      const last = left <= CHUNK.length;
      const taken = socket.write(piece, last ? () => (attacker.sentAll = true) : undefined);
      if (!taken) await new Promise((resolve) => (socket.once('drain', resolve), socket.once('close', resolve)));
    }
  });
  attackers.push(attacker);
  return attacker;
}

const sentAll = () => attackers.filter((a) => a.sentAll).length;

describe('memory held for unfinished requests is bounded (queued.max.request.bytes)', () => {
  it('reserves at most the pool across ten connections, keeps serving small requests, and gives everything back', async () => {
    under = await startBrokerUnderTest({ maxFrameBytes: 16 * MiB, queuedMaxRequestBytes: 32 * MiB });
    const broker = under.broker;
    await broker.admin.createTopic('still-served', { partitions: 1 });
    for (let i = 0; i < 10; i++) attack(broker.port, 15 * MiB, 14 * MiB);
    // two declared frames fit the pool; the other eight connections are not read until memory comes back
    await eventually('two requests reserved', () => {
      const { queuedRequestBytes, connections } = broker.stats();
      expect(queuedRequestBytes).toBeLessThanOrEqual(32 * MiB);
      return queuedRequestBytes === 30 * MiB && connections === 10 ? true : undefined;
    });
    expect(broker.stats().connections).toBe(10);
    expect((await kcat(['-b', broker.bootstrapServers, '-P', '-t', 'still-served'], 'small\n')).code).toBe(0);
    expect((await kcat(['-b', broker.bootstrapServers, '-C', '-t', 'still-served', '-o', 'beginning', '-e', '-q'])).stdout.toString()).toBe('small\n');

    for (const a of attackers) a.socket.destroy();
    await eventually('every reservation given back', () => {
      const s = broker.stats();
      return s.connections === 0 && s.queuedRequestBytes === 0 ? true : undefined;
    });
  });

  it('takes a 3 MiB produce request whole (a large frame, gathered as it arrives) and serves it back', async () => {
    under = await startBrokerUnderTest({ maxFrameBytes: 8 * MiB });
    await under.broker.admin.createTopic('large', { partitions: 1, configs: { 'max.message.bytes': String(4 * MiB) } });
    const client = await RawClient.connect(under.broker.port);
    const value = randomBytes(3 * MiB);
    expect(await produce(client, 'large', 0, recordBatch([{ value }]))).toMatchObject({ errorCode: 0, baseOffset: 0 });
    const fetched = readFetchResponse(await client.request(1, 11, fetchBody('large', 0, 0, 4 * MiB)));
    client.close();
    expect(fetched.records!.includes(value)).toBe(true);
    expect(under.broker.stats().queuedRequestBytes).toBe(0);
  });

  it('the issue’s case in a process of its own: ten connections each sending 94 MiB of a declared 95 MiB frame, twice', async () => {
    child = await startBrokerProcess(); // the defaults: 100 MiB frames, a pool of 100 MiB
    const broker = child;
    const before = await broker.stats();
    const rounds: { during: BrokerStats; after: BrokerStats }[] = [];
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10; i++) attack(broker.port, 95 * MiB, 94 * MiB);
      const during = await eventually('one request reserved and sent', async () => {
        const s = await broker.stats();
        return s.queuedRequestBytes === 95 * MiB && sentAll() === 1 ? s : undefined;
      }, 60_000);
      for (const a of attackers.splice(0)) a.socket.destroy();
      const after = await eventually('the connections and their bytes gone', async () => {
        const s = await broker.stats();
        return s.connections === 0 && s.queuedRequestBytes === 0 && s.arrayBuffers < 8 * MiB ? s : undefined;
      });
      rounds.push({ during, after });
    }
    console.log(`broker RSS: ${mb(before.rss)} before; ${rounds.map((r, i) => `round ${i + 1}: ${mb(r.during.rss)} under attack, ${mb(r.after.rss)} after`).join('; ')}`);
    for (const { during, after } of rounds) {
      // one request, at most twice over while its buffer grows (unbounded, the process grew by ~940 MB and stayed)
      expect(during.rss - before.rss).toBeLessThan(2 * 95 * MiB + 32 * MiB);
      // every request byte was let go (the eventually above counts them); what RSS keeps is glibc's freed heap of
      // the socket's 64 KiB reads (with MALLOC_MMAP_THRESHOLD_=65536 it falls back to ~+16 MiB), seen between
      // +60 and +100 MiB on a loaded machine — so the bound is one pool's worth, not a tight figure: the leak
      // this guards against kept ~940 MB
      expect(after.rss - before.rss).toBeLessThan(100 * MiB + 32 * MiB);
    }
    // the second round reuses what the first left (a leak would add another ~940 MB)
    expect(rounds[1]!.after.rss - rounds[0]!.after.rss).toBeLessThan(95 * MiB);
  });
});

describe('connections that hold resources without using them', () => {
  it('closes a connection idle past connections.max.idle.ms and gives back its reservation', async () => {
    under = await startBrokerUnderTest({ idleTimeoutMs: 300 });
    const client = await RawClient.connect(under.broker.port);
    const header = Buffer.alloc(4);
    header.writeInt32BE(MiB);
    await client.write(Buffer.concat([header, Buffer.alloc(1000)]));
    await eventually('the reservation', () => (under!.broker.stats().queuedRequestBytes === MiB ? true : undefined));
    await client.closed;
    await eventually('the connection gone', () => (under!.broker.stats().connections === 0 ? true : undefined));
    expect(under.broker.stats().queuedRequestBytes).toBe(0);
    expect(under.logs.some((l) => /idle for 300 ms/.test(l))).toBe(true);
  });

  it('keeps a connection that waits for its answer (a long Fetch) past the idle time', async () => {
    under = await startBrokerUnderTest({ idleTimeoutMs: 200 });
    await under.broker.admin.createTopic('slow', { partitions: 1 });
    const client = await RawClient.connect(under.broker.port);
    const longPoll = new Writer().int32(-1).int32(1500).int32(1).int32(MiB).int8(0).int32(0).int32(-1);
    longPoll.array(['slow'], (w, t) => w.string(t).array([0], (w2, p) => w2.int32(p).int32(-1).int64(0).int64(-1).int32(MiB)));
    const answered = await client.request(1, 11, longPoll.array([], () => undefined).string('').toBuffer());
    expect(answered.int32()).toBe(0); // throttle: a whole answer came after ~1.5 s, over the 200 ms idle time
    client.close();
  });

  it('stops handling the requests of a client that does not read its answers (one unsent answer at a time)', async () => {
    under = await startBrokerUnderTest();
    await under.broker.admin.createTopic('big-answers', { partitions: 1 });
    const producer = await RawClient.connect(under.broker.port);
    for (let i = 0; i < 4; i++) expect(await produce(producer, 'big-answers', 0, recordBatch([{ value: Buffer.alloc(250_000, 0x62) }]))).toMatchObject({ errorCode: 0 });
    producer.close();

    const socket = connect(under.broker.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause(); // read nothing
    const fetches = Array.from({ length: 100 }, (_, i) => frame(1, 11, i, fetchBody('big-answers', 0, 0, MiB)));
    socket.write(Buffer.concat(fetches));
    const broker = under.broker;
    let maxUnsent = 0;
    const sample = () => (maxUnsent = Math.max(maxUnsent, broker.stats().unsentResponseBytes));
    await eventually('an answer waiting for the client', () => (sample() > 0 ? true : undefined));

    const frames = new FrameReader(16 * MiB);
    let answers = 0;
    const all = new Promise<void>((resolve) =>
      socket.on('data', (d) => {
        sample();
        answers += frames.push(d).frames.length;
        if (answers === 100) resolve();
      }),
    );
    socket.resume();
    await all;
    socket.destroy();
    // each answer is ~1 MB; without the wait for 'drain' the broker had queued all 100 in memory
    expect(maxUnsent).toBeLessThan(2 * MiB);
  });
});

const mb = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
