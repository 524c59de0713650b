import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

/** OffsetFetch (9) v1–5: committed offsets, -1 where none; a null topic list (v2+) means all of them. */
export const offsetFetchApi: Api = {
  key: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 5,
  handle(broker, req, r, w) {
    const v = req.version;
    const groupId = r.string();
    const requested = r.nullableArray((rt) => ({ name: rt.string(), partitions: rt.array((rp) => rp.int32()) }));
    const committed = broker.groups.committed(groupId);
    const topics =
      requested ??
      [...(committed?.entries() ?? [])].map(([name, partitions]) => ({ name, partitions: [...partitions.keys()] }));
    if (v >= 3) w.int32(0);
    w.array(topics, (w2, t) => {
      w2.string(t.name);
      w2.array(t.partitions, (w3, index) => {
        const c = committed?.get(t.name)?.get(index);
        w3.int32(index).int64(c?.offset ?? -1);
        if (v >= 5) w3.int32(c?.leaderEpoch ?? -1);
        w3.nullableString(c ? c.metadata : '').int16(ErrorCode.NONE);
      });
    });
    if (v >= 2) w.int16(ErrorCode.NONE);
    return true;
  },
};
