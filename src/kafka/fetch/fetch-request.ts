import { RequestWriter, type ResponseReader } from './protocol.js';
import type { AbortedTransaction } from './record-batches.js';

/** Fetch v4 (Kafka 0.11+, still served by Kafka 4): record batches v2, isolation level, aborted transactions. */
export const FETCH_VERSION = 4;
const CONSUMER_REPLICA_ID = -1;
const READ_COMMITTED = 1;

export interface WantedPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  maxBytes: number;
}

export interface FetchLimits {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
}

/**
 * Fetch Request (Version: 4) => replica_id max_wait_ms min_bytes max_bytes isolation_level [topics]
 *   topics => topic [partitions]; partitions => partition fetch_offset partition_max_bytes
 * (kafka.apache.org/protocol#The_Messages_Fetch). Always read_committed, as kafkajs' and Java's consumers do by default here.
 */
export function fetchRequestBody(wanted: readonly WantedPartition[], limits: FetchLimits): Buffer {
  const byTopic = new Map<string, WantedPartition[]>();
  for (const p of wanted) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
  return new RequestWriter()
    .int32(CONSUMER_REPLICA_ID)
    .int32(limits.maxWaitMs)
    .int32(limits.minBytes)
    .int32(limits.maxBytes)
    .int8(READ_COMMITTED)
    .array([...byTopic], ([topic, partitions], w) => {
      w.string(topic).array(partitions, (p, wp) => wp.int32(p.partition).int64(p.fetchOffset).int32(p.maxBytes));
    })
    .toBuffer();
}

export interface FetchedPartition {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  aborted: AbortedTransaction[];
  /** The record batches: `data[recordsStart, recordsEnd)` of the answer. */
  recordsStart: number;
  recordsEnd: number;
}

/**
 * Fetch Response (Version: 4) => throttle_time_ms [responses]
 *   responses => topic [partitions]; partitions => partition error_code high_watermark last_stable_offset
 *   [aborted_transactions] records; aborted_transactions => producer_id first_offset
 */
export function readFetchResponse(reader: ResponseReader): FetchedPartition[] {
  reader.int32(); // throttle time
  const partitions: FetchedPartition[] = [];
  reader.array((rt) => {
    const topic = rt.string() ?? '';
    rt.array((rp) => {
      const partition = rp.int32();
      const errorCode = rp.int16();
      const highWatermark = rp.int64();
      rp.int64(); // last stable offset: the broker already stops there for read_committed
      const aborted = rp.array((ra) => ({ producerId: ra.int64(), firstOffset: ra.int64() }));
      const records = rp.bytesRange();
      partitions.push({ topic, partition, errorCode, highWatermark, aborted, recordsStart: records.start, recordsEnd: records.start + Math.max(0, records.length) });
    });
  });
  return partitions;
}
