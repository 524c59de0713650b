import type { Api } from './api.js';

/** JoinGroup (11) v0–5: held until the rebalance completes. */
export const joinGroupApi: Api = {
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  async handle(broker, req, r, w) {
    const v = req.version;
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    const rebalanceTimeoutMs = v >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    const groupInstanceId = v >= 5 ? r.nullableString() : null;
    const protocolType = r.string();
    const protocols = r.array((rp) => ({ name: rp.string(), metadata: rp.bytes() }));
    const result = await broker.groups.join({
      groupId,
      memberId,
      groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      protocolType,
      protocols,
    });
    if (v >= 2) w.int32(0);
    w.int16(result.errorCode).int32(result.generationId).string(result.protocolName).string(result.leader).string(result.memberId);
    w.array(result.members, (w2, m) => {
      w2.string(m.memberId);
      if (v >= 5) w2.nullableString(m.groupInstanceId);
      w2.bytes(m.metadata);
    });
    return true;
  },
};
