import type { Api } from './api.js';

/** Heartbeat (12) v0–3: keeps the member's session and tells it when a rebalance is on. */
export const heartbeatApi: Api = {
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  handle(broker, req, r, w) {
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (req.version >= 3) r.nullableString(); // group instance id
    const errorCode = broker.groups.heartbeat(groupId, generationId, memberId);
    if (req.version >= 1) w.int32(0);
    w.int16(errorCode);
    return true;
  },
};
