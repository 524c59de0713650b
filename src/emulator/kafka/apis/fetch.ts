import type { Reader, Writer } from '../codec.js';
import { ErrorCode } from '../error-codes.js';
import { LogStorageError } from '../log-files.js';
import type { PartitionLog } from '../partition-log.js';
import type { Api, BrokerContext } from './api.js';

/** Kafka's broker config fetch.max.bytes (default 55 MiB): what one answer reads into memory at most. */
const BROKER_FETCH_MAX_BYTES = 57_671_680;
const EMPTY = Buffer.alloc(0);

interface WantedPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
  log: PartitionLog | undefined;
}

interface FetchRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  topicOrder: string[];
  wanted: WantedPartition[];
}

interface PartitionAnswer {
  p: WantedPartition;
  errorCode: number;
  hw: number;
  start: number;
  records: Buffer;
}

/**
 * Fetch (1) v4–11, full fetch requests only (session id 0, as kcat and kafkajs send). Waits up to MaxWaitMs
 * for MinBytes to arrive, woken by appends to any requested partition.
 */
export const fetchApi: Api = {
  key: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 11,
  async handle(broker, req, r, w) {
    const request = readRequest(broker, r, req.version);
    await waitForData(broker, request.wanted, request.minBytes, request.maxWaitMs);
    let budget = Math.min(request.maxBytes > 0 ? request.maxBytes : BROKER_FETCH_MAX_BYTES, BROKER_FETCH_MAX_BYTES);
    const answers = request.wanted.map((p) => {
      const answer = readPartition(broker, p, budget);
      budget -= answer.records.length;
      return answer;
    });
    writeResponse(w, req.version, request.topicOrder, answers);
    return true;
  },
};

function readRequest(broker: BrokerContext, r: Reader, v: number): FetchRequest {
  r.int32(); // replica id
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  const maxBytes = r.int32();
  r.int8(); // isolation level: there are no transactions here
  if (v >= 7) {
    r.int32(); // session id
    r.int32(); // session epoch
  }
  const wanted: WantedPartition[] = [];
  const topicOrder: string[] = [];
  r.array((rt) => {
    const topic = rt.string();
    topicOrder.push(topic);
    rt.array((rp) => {
      const partition = rp.int32();
      if (v >= 9) rp.int32(); // current leader epoch
      const fetchOffset = rp.int64();
      if (v >= 5) rp.int64(); // log start offset (followers only)
      const partitionMaxBytes = rp.int32();
      wanted.push({ topic, partition, fetchOffset, maxBytes: partitionMaxBytes, log: broker.topics.get(topic)?.partitions[partition] });
    });
  });
  if (v >= 7) r.array((rt) => (rt.string(), rt.array((rp) => rp.int32()))); // forgotten topics
  if (v >= 11) r.string(); // rack id
  return { maxWaitMs, minBytes, maxBytes, topicOrder, wanted };
}

/** One partition's answer, reading at most `budget` bytes (but always a whole first batch, KIP-74). */
function readPartition(broker: BrokerContext, p: WantedPartition, budget: number): PartitionAnswer {
  // a topic deleted while this Fetch waited is unknown now, not a closed file to read
  const log = p.log && broker.topics.get(p.topic)?.partitions[p.partition] === p.log ? p.log : undefined;
  if (!log) return failed(p, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  const hw = log.highWatermark;
  const start = log.logStartOffset;
  if (p.fetchOffset < start || p.fetchOffset > hw) return failed(p, ErrorCode.OFFSET_OUT_OF_RANGE);
  const limit = Math.min(p.maxBytes, budget);
  try {
    const records = p.fetchOffset < hw && limit > 0 ? log.read(p.fetchOffset, limit) : EMPTY;
    return { p, errorCode: ErrorCode.NONE, hw, start, records };
  } catch (err) {
    if (!(err instanceof LogStorageError)) throw err;
    broker.log(`fetch from ${p.topic}[${p.partition}] failed: ${err.message}`);
    return failed(p, ErrorCode.KAFKA_STORAGE_ERROR);
  }
}

/**
 * A partition answered with an error: unknown offsets and an empty record set, as Kafka's
 * ReplicaManager.readFromLog builds it (MemoryRecords.EMPTY). librdkafka takes a null record set for a parse
 * failure and retries the same offset, so auto.offset.reset would never apply.
 */
function failed(p: WantedPartition, errorCode: number): PartitionAnswer {
  return { p, errorCode, hw: -1, start: -1, records: EMPTY };
}

function writeResponse(w: Writer, v: number, topicOrder: string[], answers: PartitionAnswer[]): void {
  w.int32(0); // throttle
  if (v >= 7) w.int16(ErrorCode.NONE).int32(0); // error, session id
  w.array(topicOrder, (w2, topic) => {
    w2.string(topic);
    w2.array(
      answers.filter((a) => a.p.topic === topic),
      (w3, a) => {
        w3.int32(a.p.partition).int16(a.errorCode).int64(a.hw);
        w3.int64(a.hw); // last stable offset
        if (v >= 5) w3.int64(a.start);
        w3.array(null, () => undefined); // aborted transactions
        if (v >= 11) w3.int32(-1); // preferred read replica
        w3.nullableBytes(a.records);
      },
    );
  });
}

function available(wanted: WantedPartition[]): number {
  let bytes = 0;
  for (const p of wanted) {
    if (!p.log) return Number.MAX_SAFE_INTEGER; // an error answers at once
    if (p.fetchOffset > p.log.highWatermark || p.fetchOffset < p.log.logStartOffset) return Number.MAX_SAFE_INTEGER;
    bytes += p.log.bytesFrom(p.fetchOffset);
  }
  return bytes;
}

async function waitForData(broker: BrokerContext, wanted: WantedPartition[], minBytes: number, maxWaitMs: number): Promise<void> {
  if (maxWaitMs <= 0 || available(wanted) >= Math.max(1, minBytes)) return;
  await new Promise<void>((resolve) => {
    const cancels: (() => void)[] = [];
    const done = () => {
      clearTimeout(timer);
      for (const cancel of cancels) cancel();
      resolve();
    };
    const timer = setTimeout(done, maxWaitMs);
    for (const p of wanted) {
      cancels.push(
        p.log!.onAppend(() => {
          if (available(wanted) >= Math.max(1, minBytes)) done();
        }),
      );
    }
    cancels.push(broker.onClosing(done));
  });
}
