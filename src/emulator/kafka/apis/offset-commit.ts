import { ErrorCode } from '../error-codes.js';
import { LogStorageError } from '../log-files.js';
import type { CommittedOffset } from '../offset-store.js';
import type { Api, BrokerContext } from './api.js';

/** OffsetCommit (8) v0–7: checked against the group's generation, then persisted. */
export const offsetCommitApi: Api = {
  key: 8,
  name: 'OffsetCommit',
  minVersion: 0,
  maxVersion: 7,
  handle(broker, req, r, w) {
    const v = req.version;
    const groupId = r.string();
    const generationId = v >= 1 ? r.int32() : -1;
    const memberId = v >= 1 ? r.string() : '';
    if (v >= 7) r.nullableString(); // group instance id
    if (v >= 2 && v <= 4) r.int64(); // retention time
    const topics = r.array((rt) => ({
      name: rt.string(),
      partitions: rt.array((rp) => {
        const index = rp.int32();
        const offset = rp.int64();
        const leaderEpoch = v >= 6 ? rp.int32() : -1;
        if (v === 1) rp.int64(); // commit timestamp
        const metadata = rp.nullableString();
        return { index, committed: { offset, leaderEpoch, metadata } satisfies CommittedOffset };
      }),
    }));
    const groupError = groupId === '' ? ErrorCode.INVALID_GROUP_ID : broker.groups.checkCommit(groupId, generationId, memberId);
    const accepted: { topic: string; partition: number; committed: CommittedOffset }[] = [];
    const answers = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        let errorCode: number = groupError;
        if (errorCode === ErrorCode.NONE && !broker.topics.get(t.name)?.partitions[p.index]) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        if (errorCode === ErrorCode.NONE) accepted.push({ topic: t.name, partition: p.index, committed: p.committed });
        return { index: p.index, errorCode };
      }),
    }));
    if (accepted.length > 0 && !store(broker, groupId, accepted)) {
      for (const a of answers) for (const p of a.partitions) if (p.errorCode === ErrorCode.NONE) p.errorCode = ErrorCode.NOT_COORDINATOR;
    }
    if (v >= 3) w.int32(0);
    w.array(answers, (w2, t) => {
      w2.string(t.name);
      w2.array(t.partitions, (w3, p) => w3.int32(p.index).int16(p.errorCode));
    });
    return true;
  },
};

/**
 * Persists the commit; false when it could not be written (the earlier offsets stay). Kafka's
 * GroupMetadataManager.storeOffsets answers a KAFKA_STORAGE_ERROR of the offsets topic as NOT_COORDINATOR,
 * which clients retry after finding the coordinator again.
 */
function store(broker: BrokerContext, groupId: string, accepted: { topic: string; partition: number; committed: CommittedOffset }[]): boolean {
  try {
    broker.groups.commit(groupId, accepted);
    return true;
  } catch (err) {
    if (!(err instanceof LogStorageError)) throw err;
    broker.log(`offset commit of group ${JSON.stringify(groupId)} failed: ${err.message}`);
    return false;
  }
}
