import type { Api } from './api.js';

/** SyncGroup (14) v0–3: followers wait for the leader's assignment. */
export const syncGroupApi: Api = {
  key: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  async handle(broker, req, r, w) {
    const v = req.version;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString(); // group instance id
    const assignments = r.array((ra) => ({ memberId: ra.string(), assignment: ra.bytes() }));
    const result = await broker.groups.sync(groupId, generationId, memberId, assignments);
    if (v >= 1) w.int32(0);
    w.int16(result.errorCode).bytes(result.assignment);
    return true;
  },
};
