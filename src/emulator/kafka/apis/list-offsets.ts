import { ErrorCode } from '../error-codes.js';
import { LogStorageError } from '../log-files.js';
import type { Api } from './api.js';

const LATEST = -1;
const EARLIEST = -2;

/** ListOffsets (2) v1–5: latest (-1), earliest (-2), or the first batch at or after a timestamp. */
export const listOffsetsApi: Api = {
  key: 2,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 5,
  handle(broker, req, r, w) {
    const v = req.version;
    r.int32(); // replica id
    if (v >= 2) r.int8(); // isolation level
    const topics = r.array((rt) => {
      const name = rt.string();
      const partitions = rt.array((rp) => {
        const index = rp.int32();
        if (v >= 4) rp.int32(); // current leader epoch
        const timestamp = rp.int64();
        const log = broker.topics.get(name)?.partitions[index];
        if (!log) return { index, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1, offset: -1 };
        if (timestamp === LATEST) return { index, errorCode: ErrorCode.NONE, timestamp: -1, offset: log.highWatermark };
        if (timestamp === EARLIEST) return { index, errorCode: ErrorCode.NONE, timestamp: -1, offset: log.logStartOffset };
        try {
          const found = log.offsetForTimestamp(timestamp);
          return { index, errorCode: ErrorCode.NONE, timestamp: found?.timestamp ?? -1, offset: found?.offset ?? -1 };
        } catch (err) {
          if (!(err instanceof LogStorageError)) throw err;
          broker.log(`list offsets of ${name}[${index}] failed: ${err.message}`);
          return { index, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, timestamp: -1, offset: -1 };
        }
      });
      return { name, partitions };
    });
    if (v >= 2) w.int32(0);
    w.array(topics, (w2, t) => {
      w2.string(t.name);
      w2.array(t.partitions, (w3, p) => {
        w3.int32(p.index).int16(p.errorCode).int64(p.timestamp).int64(p.offset);
        if (v >= 4) w3.int32(p.offset >= 0 ? 0 : -1); // leader epoch
      });
    });
    return true;
  },
};
