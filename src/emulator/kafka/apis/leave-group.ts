import type { Api } from './api.js';

/** LeaveGroup (13) v0–2: one member leaves; the others rebalance. */
export const leaveGroupApi: Api = {
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 2,
  handle(broker, req, r, w) {
    const groupId = r.string();
    const memberId = r.string();
    const errorCode = broker.groups.leave(groupId, memberId);
    if (req.version >= 1) w.int32(0);
    w.int16(errorCode);
    return true;
  },
};
