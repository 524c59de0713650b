import { ErrorCode } from '../error-codes.js';
import { LogStorageError } from '../log-files.js';
import type { TopicError } from '../topic-store.js';
import type { Api } from './api.js';

const USE_DEFAULT = -1;
const DEFAULT_PARTITIONS = 1;

const CODES: Record<TopicError['code'], number> = {
  exists: ErrorCode.TOPIC_ALREADY_EXISTS,
  'invalid-name': ErrorCode.INVALID_TOPIC_EXCEPTION,
  'invalid-partitions': ErrorCode.INVALID_PARTITIONS,
  'invalid-config': ErrorCode.INVALID_CONFIG,
  unknown: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
};

/** CreateTopics (19) v0–4: partition count and topic configs; one broker, so replication factor 1. */
export const createTopicsApi: Api = {
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 4,
  handle(broker, req, r, w) {
    const v = req.version;
    const topics = r.array((rt) => ({
      name: rt.string(),
      partitions: rt.int32(),
      replicationFactor: rt.int16(),
      assignments: rt.array((ra) => ({ index: ra.int32(), brokers: ra.array((rb) => rb.int32()) })),
      configs: rt.array((rc) => [rc.string(), rc.nullableString()] as const),
    }));
    r.int32(); // timeout
    const validateOnly = v >= 1 ? r.bool() : false;
    const results = topics.map((t) => {
      const partitions = t.assignments.length > 0 ? t.assignments.length : t.partitions === USE_DEFAULT ? DEFAULT_PARTITIONS : t.partitions;
      if (t.replicationFactor !== USE_DEFAULT && t.replicationFactor !== 1) {
        return { name: t.name, errorCode: ErrorCode.INVALID_REPLICATION_FACTOR, message: `replication factor must be 1 on a single broker, got ${t.replicationFactor}` };
      }
      const problem = broker.topics.validate(t.name, partitions, Object.fromEntries(t.configs))[0];
      if (problem) return { name: t.name, errorCode: CODES[problem.code], message: problem.message };
      if (!validateOnly) {
        try {
          broker.topics.create(t.name, partitions, Object.fromEntries(t.configs));
        } catch (err) {
          if (!(err instanceof LogStorageError)) throw err;
          broker.log(`create topic ${t.name} failed: ${err.message}`);
          return { name: t.name, errorCode: ErrorCode.KAFKA_STORAGE_ERROR, message: err.message };
        }
        broker.log(`created topic ${t.name} with ${partitions} partition(s)`);
      }
      return { name: t.name, errorCode: ErrorCode.NONE, message: null };
    });
    if (v >= 2) w.int32(0);
    w.array(results, (w2, t) => {
      w2.string(t.name).int16(t.errorCode);
      if (v >= 1) w2.nullableString(t.message);
    });
    return true;
  },
};
