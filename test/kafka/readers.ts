// Two readers of a whole topic, to compare the fetch path (src/kafka/fetch) with kafkajs' own consumer on the same
// data over real sockets: each returns every record it read, normalised, in partition and offset order.
import kafkajs, { Kafka, logLevel, type EachBatchPayload } from 'kafkajs';
import { decompress as zstdDecompress } from 'fzstd';
import { decompress as lz4Decompress } from 'lz4js';
import { uncompress as snappyUncompress } from 'snappyjs';
import type { RecordHeaders } from '../../src/kafka/client.js';
import { messagesOf } from '../../src/kafka/fetched-records.js';
import { createKafkaClient } from '../../src/kafka/kafkajs-client.js';

export interface ReadRecord {
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  /** [name, value hex or null] in the order the producer wrote them. */
  headers: [string, string | null][];
}

const hex = (bytes: Buffer | null | undefined) => (bytes === null || bytes === undefined ? null : bytes.toString('hex'));

function headerList(headers: RecordHeaders | Record<string, unknown>): [string, string | null][] {
  return Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v): [string, string | null] => [name, hex(v as Buffer | null)]),
  );
}

const byPosition = (a: ReadRecord, b: ReadRecord) => a.partition - b.partition || a.offset - b.offset;

/** Waits until `enough(records)` or `timeoutMs`, then returns what was read (a comparison then shows what is missing). */
async function readUntil(start: (push: (r: ReadRecord[]) => void) => Promise<() => Promise<void>>, enough: (records: ReadRecord[]) => boolean, timeoutMs: number): Promise<ReadRecord[]> {
  const records: ReadRecord[] = [];
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const timer = setTimeout(done, timeoutMs);
  const stop = await start((read) => {
    records.push(...read);
    if (enough(records)) done();
  });
  if (enough(records)) done();
  await finished;
  clearTimeout(timer);
  await stop();
  return records.sort(byPosition);
}

/** kafkajs 2.2's consumer (read_committed, its default), with the pure-JS codecs for what it does not read itself. */
export function readWithKafkajs(bootstrapServers: string, topic: string, enough: (records: ReadRecord[]) => boolean, timeoutMs = 20_000): Promise<ReadRecord[]> {
  const { CompressionCodecs, CompressionTypes } = kafkajs;
  const codec = (decompress: (data: Buffer) => Uint8Array) => () => ({
    compress: () => Promise.reject(new Error('not used')),
    decompress: async (data: Buffer) => Buffer.from(decompress(data)),
  });
  CompressionCodecs[CompressionTypes.Snappy] = codec((data) => snappyUncompress(data));
  CompressionCodecs[CompressionTypes.LZ4] = codec((data) => lz4Decompress(data));
  CompressionCodecs[CompressionTypes.ZSTD] = codec((data) => zstdDecompress(data));
  return readUntil(
    async (push) => {
      const consumer = new Kafka({ brokers: [bootstrapServers], logLevel: logLevel.NOTHING }).consumer({ groupId: `reference-${topic}-${Date.now()}`, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }: EachBatchPayload) => {
          push(
            batch.messages.map((m) => ({
              partition: batch.partition,
              offset: Number(m.offset),
              timestamp: Number(m.timestamp),
              key: hex(m.key),
              value: hex(m.value),
              headers: headerList(m.headers ?? {}),
            })),
          );
        },
      });
      return () => consumer.disconnect();
    },
    enough,
    timeoutMs,
  );
}

/** The tool's client: kafkajs for the group, the fetch path for the records. */
export function readWithFetchPath(bootstrapServers: string, topic: string, enough: (records: ReadRecord[]) => boolean, options: { groupId?: string; timeoutMs?: number } = {}): Promise<ReadRecord[]> {
  return readUntil(
    async (push) => {
      const client = createKafkaClient({ bootstrapServers });
      const consumer = await client.consume({
        groupId: options.groupId ?? `fetch-path-${topic}-${Date.now()}`,
        topics: [topic],
        fromBeginning: true,
        concurrency: 4,
        onBatch: async (batch) => {
          push(
            messagesOf(batch.records, { copy: true }).map((m) => ({
              partition: batch.partition,
              offset: m.offset,
              timestamp: m.timestamp,
              key: hex(m.key),
              value: hex(m.value),
              headers: headerList(m.headers),
            })),
          );
        },
      });
      return async () => {
        await consumer.stop();
        await client.close();
      };
    },
    enough,
    options.timeoutMs ?? 20_000,
  );
}
