import { validateProducedBatch } from '../batch-validation.js';
import type { Reader, Writer } from '../codec.js';
import { ErrorCode } from '../error-codes.js';
import { LogStorageError } from '../log-files.js';
import { configOf } from '../topic-store.js';
import type { Api, BrokerContext } from './api.js';

interface PartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logStartOffset: number;
  errorMessage: string | null;
}

interface TopicResults {
  name: string;
  partitions: PartitionResult[];
}

interface ProduceRequest {
  acks: number;
  topics: { name: string; partitions: { index: number; records: Buffer | null }[] }[];
}

/**
 * Produce (0) v0–8: each partition's record batch is validated as Kafka's LogValidator does (see
 * batch-validation.ts) and appended as received. The log holds message format v2 only, so the message sets
 * v0/v1 that Produce v0–2 carry are refused per partition with UNSUPPORTED_FOR_MESSAGE_FORMAT. The versions
 * are still advertised, as Kafka 2.x does: librdkafka only compresses with gzip, snappy or lz4 when the
 * broker's Produce range reaches down to v0. Partitions are handled one after the other, with pauses inside
 * the validation of big batches, so the shared event loop keeps serving other connections.
 */
export const produceApi: Api = {
  key: 0,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 8,
  async handle(broker, req, r, w) {
    const request = readRequest(r, req.version);
    const results: TopicResults[] = [];
    for (const topic of request.topics) {
      const partitions: PartitionResult[] = [];
      for (const p of topic.partitions) partitions.push(await appendTo(broker, req.version, request.acks, topic.name, p.index, p.records));
      results.push({ name: topic.name, partitions });
    }
    if (request.acks === 0) return false;
    writeResponse(w, req.version, results);
    return true;
  },
};

function readRequest(r: Reader, version: number): ProduceRequest {
  if (version >= 3) r.nullableString(); // transactional id
  const acks = r.int16();
  r.int32(); // timeout
  const topics = r.array((rt) => ({
    name: rt.string(),
    partitions: rt.array((rp) => ({ index: rp.int32(), records: rp.nullableBytes() })),
  }));
  return { acks, topics };
}

async function appendTo(broker: BrokerContext, version: number, acks: number, name: string, index: number, records: Buffer | null): Promise<PartitionResult> {
  const result: PartitionResult = { index, errorCode: ErrorCode.NONE, baseOffset: -1, logStartOffset: -1, errorMessage: null };
  if (acks !== 0 && acks !== 1 && acks !== -1) return { ...result, errorCode: ErrorCode.INVALID_REQUIRED_ACKS };
  const topic = broker.topics.get(name);
  const log = topic?.partitions[index];
  if (!topic || !log) return { ...result, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  const verdict = await validateProducedBatch(records, { version, maxMessageBytes: Number(configOf(topic.configs, 'max.message.bytes')) });
  if (!verdict.ok) {
    broker.log(`produce to ${name}[${index}] rejected: ${verdict.message}`);
    return { ...result, errorCode: verdict.errorCode, errorMessage: verdict.message };
  }
  // the validation may have paused: a topic deleted meanwhile is unknown now, not a closed file to write
  if (broker.topics.get(name)?.partitions[index] !== log) return { ...result, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  try {
    // the request buffer is ours: the batch is patched in place and written without a copy
    const baseOffset = log.append(records!, [verdict.batch]);
    return { ...result, baseOffset, logStartOffset: log.logStartOffset };
  } catch (err) {
    if (!(err instanceof LogStorageError)) throw err;
    // ReplicaManager.appendToLocalLog answers a KafkaStorageException as KAFKA_STORAGE_ERROR for the partition
    broker.log(`produce to ${name}[${index}] failed: ${err.message}`);
    return { ...result, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, errorMessage: err.message };
  }
}

function writeResponse(w: Writer, version: number, results: TopicResults[]): void {
  w.array(results, (w2, t) => {
    w2.string(t.name);
    w2.array(t.partitions, (w3, p) => {
      w3.int32(p.index).int16(p.errorCode).int64(p.baseOffset);
      if (version >= 2) w3.int64(-1); // log append time: CreateTime topics
      if (version >= 5) w3.int64(p.logStartOffset);
      if (version >= 8) {
        w3.array([], () => undefined); // record errors
        w3.nullableString(p.errorMessage);
      }
    });
  });
  if (version >= 1) w.int32(0); // throttle
}
