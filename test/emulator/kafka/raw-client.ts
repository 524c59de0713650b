import { connect, type Socket } from 'node:net';
import { Reader, Writer } from '../../../src/emulator/kafka/codec.js';
import { crc32c } from '../../../src/emulator/kafka/crc32c.js';
import { FrameReader } from '../../../src/emulator/kafka/frame-reader.js';

/**
 * A Kafka connection speaking raw frames, built from the protocol description (not from the broker's code
 * paths), for requests no client library would send. Responses are matched to requests in order.
 */
export class RawClient {
  private readonly frames = new FrameReader(1 << 30);
  private readonly waiting: { resolve: (frame: Buffer) => void; reject: (e: Error) => void }[] = [];
  private correlationId = 0;
  /** Resolves when the socket closes, from either side. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (data) => {
      for (const frame of this.frames.push(data).frames) this.waiting.shift()?.resolve(frame);
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => {
      for (const w of this.waiting.splice(0)) w.reject(new Error('the broker closed the connection'));
    });
    socket.on('error', () => undefined);
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('error', reject);
      socket.once('connect', () => resolve(new RawClient(socket)));
    });
  }

  /** Sends one request (header v1, no tagged fields) and resolves with a reader at the response body. */
  request(apiKey: number, version: number, body: Buffer): Promise<Reader> {
    const response = new Promise<Buffer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.socket.write(frame(apiKey, version, ++this.correlationId, body));
    return response.then((f) => new Reader(f, 4)); // past the correlation id
  }

  /** Sends a bare length-prefixed token (SASL after SaslHandshake v0) and resolves with the bare answer. */
  exchangeToken(token: Buffer): Promise<Buffer> {
    const answer = new Promise<Buffer>((resolve, reject) => this.waiting.push({ resolve, reject }));
    const size = Buffer.alloc(4);
    size.writeInt32BE(token.length, 0);
    this.socket.write(Buffer.concat([size, token]));
    return answer;
  }

  /** Sends requests in one write; resolves with each response body's bytes, in order. */
  pipeline(requests: { apiKey: number; version: number; body: Buffer }[]): Promise<Buffer>[] {
    const responses = requests.map(() => new Promise<Buffer>((resolve, reject) => this.waiting.push({ resolve, reject })).then((f) => new Reader(f, 4)));
    this.socket.write(Buffer.concat(requests.map((q) => frame(q.apiKey, q.version, ++this.correlationId, q.body))));
    return responses.map((r) => r.then((reader) => reader.raw(reader.remaining)));
  }

  /** Writes bytes as they are, framed or not. */
  write(bytes: Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  }

  close(): void {
    this.socket.destroy();
  }
}

export function frame(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  const w = new Writer();
  const setSize = w.placeholderInt32();
  w.int16(apiKey).int16(version).int32(correlationId).nullableString('raw-client').raw(body);
  setSize(w.length - 4);
  return w.toBuffer();
}

export interface RecordSpec {
  value: string | Buffer | null;
  key?: string | Buffer | null;
  /** Default: the record's position in the batch. */
  offsetDelta?: number;
  timestampDelta?: number;
}

const asBytes = (v: string | Buffer | null | undefined): Buffer | null => (v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v));

/** One v2 record: length, attributes, timestamp delta, offset delta, key, value, headers. */
export function encodeRecord(spec: RecordSpec, position: number): Buffer {
  const body = new Writer();
  body.int8(0);
  zigzag(body, spec.timestampDelta ?? 0);
  zigzag(body, spec.offsetDelta ?? position);
  for (const field of [asBytes(spec.key), asBytes(spec.value)]) {
    zigzag(body, field === null ? -1 : field.length);
    if (field) body.raw(field);
  }
  zigzag(body, 0); // headers
  const bytes = body.toBuffer();
  const w = new Writer();
  zigzag(w, bytes.length);
  return Buffer.concat([w.toBuffer(), bytes]);
}

export interface BatchOverrides {
  /** The records section as is (default: the records encoded one after the other). */
  recordsSection?: Buffer;
  recordCount?: number;
  lastOffsetDelta?: number;
  attributes?: number;
  magic?: number;
  producerId?: number;
  baseSequence?: number;
  firstTimestamp?: number;
  maxTimestamp?: number;
}

/** A v2 record batch with a valid CRC-32C, whatever the overrides claim. */
export function recordBatch(records: RecordSpec[], overrides: BatchOverrides = {}): Buffer {
  const section = overrides.recordsSection ?? Buffer.concat(records.map((r, i) => encodeRecord(r, i)));
  const now = overrides.firstTimestamp ?? Date.now();
  const w = new Writer();
  w.int64(0).int32(0).int32(0).int8(overrides.magic ?? 2).int32(0); // base offset, length, leader epoch, magic, crc
  w.int16(overrides.attributes ?? 0);
  w.int32(overrides.lastOffsetDelta ?? records.length - 1);
  w.int64(now).int64(overrides.maxTimestamp ?? now);
  w.int64(overrides.producerId ?? -1).int16(-1).int32(overrides.baseSequence ?? -1);
  w.int32(overrides.recordCount ?? records.length);
  w.raw(section);
  const out = Buffer.from(w.toBuffer());
  out.writeInt32BE(out.length - 12, 8);
  out.writeUInt32BE(crc32c(out, 21), 17);
  return out;
}

export function zigzag(w: Writer, v: number): void {
  w.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
}

/** Produce v7 body for one partition. */
export function produceBody(topic: string, partition: number, records: Buffer | null, acks = -1): Buffer {
  return new Writer()
    .nullableString(null)
    .int16(acks)
    .int32(10_000)
    .array([topic], (w, t) => w.string(t).array([partition], (w2, p) => w2.int32(p).nullableBytes(records)))
    .toBuffer();
}

export interface ProducePartitionAnswer {
  index: number;
  errorCode: number;
  baseOffset: number;
}

/** The first topic's partitions of a Produce v7 response. */
export function readProduceResponse(r: Reader): ProducePartitionAnswer[] {
  const [topic] = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => {
      const answer = { index: p.int32(), errorCode: p.int16(), baseOffset: p.int64() };
      p.int64(); // log append time
      p.int64(); // log start offset
      return answer;
    }),
  }));
  return topic!.partitions;
}

/** Produces one batch with Produce v7 and returns the partition's answer. */
export async function produce(client: RawClient, topic: string, partition: number, batch: Buffer | null): Promise<ProducePartitionAnswer> {
  return readProduceResponse(await client.request(0, 7, produceBody(topic, partition, batch)))[0]!;
}

/** Fetch v11 body for one partition, answered at once (max wait 0). */
export function fetchBody(topic: string, partition: number, offset: number, maxBytes = 1 << 20): Buffer {
  return new Writer()
    .int32(-1)
    .int32(0) // max wait
    .int32(0) // min bytes
    .int32(maxBytes)
    .int8(0)
    .int32(0)
    .int32(-1)
    .array([topic], (w, t) => w.string(t).array([partition], (w2, p) => w2.int32(p).int32(-1).int64(offset).int64(-1).int32(maxBytes)))
    .array([], () => undefined)
    .string('')
    .toBuffer();
}

export interface FetchPartitionAnswer {
  index: number;
  errorCode: number;
  highWatermark: number;
  logStartOffset: number;
  /** null when the broker sent a null record set (length -1). */
  records: Buffer | null;
}

/** The first topic's first partition of a Fetch v11 response. */
export function readFetchResponse(r: Reader): FetchPartitionAnswer {
  r.int32(); // throttle
  r.int16(); // error
  r.int32(); // session
  const [topic] = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p): FetchPartitionAnswer => {
      const index = p.int32();
      const errorCode = p.int16();
      const highWatermark = p.int64();
      p.int64(); // last stable offset
      const logStartOffset = p.int64();
      p.nullableArray((a) => (a.int64(), a.int64()));
      p.int32(); // preferred read replica
      return { index, errorCode, highWatermark, logStartOffset, records: p.nullableBytes() };
    }),
  }));
  return topic!.partitions[0]!;
}
