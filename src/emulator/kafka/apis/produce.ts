import { ErrorCode } from '../error-codes.js';
import { LogStorageError } from '../log-files.js';
import { checkBatches } from '../record-batch.js';
import type { Api } from './api.js';

interface PartitionResult {
  index: number;
  errorCode: number;
  baseOffset: number;
  logStartOffset: number;
  errorMessage: string | null;
}

/**
 * Produce (0) v0–8: record batches v2 are checked (CRC-32C) and appended as received. The log holds message
 * format v2 only, so the message sets v0/v1 that Produce v0–2 carry are refused per partition with
 * UNSUPPORTED_FOR_MESSAGE_FORMAT. The versions are still advertised, as Kafka 2.x does: librdkafka only
 * compresses with gzip, snappy or lz4 when the broker's Produce range reaches down to v0.
 */
export const produceApi: Api = {
  key: 0,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 8,
  handle(broker, req, r, w) {
    const v = req.version;
    if (v >= 3) r.nullableString(); // transactional id
    const acks = r.int16();
    r.int32(); // timeout
    const results = r.array((rt) => {
      const name = rt.string();
      const partitions = rt.array((rp): PartitionResult => {
        const index = rp.int32();
        const records = rp.nullableBytes();
        return appendTo(name, index, records);
      });
      return { name, partitions };
    });

    function appendTo(name: string, index: number, records: Buffer | null): PartitionResult {
      const result = { index, errorCode: ErrorCode.NONE, baseOffset: -1, logStartOffset: -1, errorMessage: null as string | null };
      if (acks !== 0 && acks !== 1 && acks !== -1) return { ...result, errorCode: ErrorCode.INVALID_REQUIRED_ACKS };
      const log = broker.topics.get(name)?.partitions[index];
      if (!log) return { ...result, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      const checked = checkBatches(records ?? Buffer.alloc(0));
      if (!checked.ok) {
        broker.log(`produce to ${name}[${index}] rejected: ${checked.message}`);
        const errorCode = checked.reason === 'corrupt' ? ErrorCode.CORRUPT_MESSAGE : ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT;
        return { ...result, errorCode, errorMessage: checked.message };
      }
      if (checked.batches.length === 0) return { ...result, baseOffset: log.highWatermark, logStartOffset: log.logStartOffset };
      try {
        // the request buffer is ours: batches are patched in place and written without a copy
        const baseOffset = log.append(records!, checked.batches);
        return { ...result, baseOffset, logStartOffset: log.logStartOffset };
      } catch (err) {
        if (!(err instanceof LogStorageError)) throw err;
        // ReplicaManager.appendToLocalLog answers a KafkaStorageException as KAFKA_STORAGE_ERROR for the partition
        broker.log(`produce to ${name}[${index}] failed: ${err.message}`);
        return { ...result, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, errorMessage: err.message };
      }
    }

    if (acks === 0) return false;
    w.array(results, (w2, t) => {
      w2.string(t.name);
      w2.array(t.partitions, (w3, p) => {
        w3.int32(p.index).int16(p.errorCode).int64(p.baseOffset);
        if (v >= 2) w3.int64(-1); // log append time: CreateTime topics
        if (v >= 5) w3.int64(p.logStartOffset);
        if (v >= 8) {
          w3.array([], () => undefined); // record errors
          w3.nullableString(p.errorMessage);
        }
      });
    });
    if (v >= 1) w.int32(0); // throttle
    return true;
  },
};
