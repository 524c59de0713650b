import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

const NOT_COMPUTED = -2147483648;

/** DescribeGroups (15) v0–4: state, protocol and members with their metadata and assignment. */
export const describeGroupsApi: Api = {
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 4,
  handle(broker, req, r, w) {
    const v = req.version;
    const ids = r.array((x) => x.string());
    if (v >= 3) r.bool(); // include authorized operations
    if (v >= 1) w.int32(0);
    w.array(ids, (w2, groupId) => {
      const g = broker.groups.describe(groupId);
      w2.int16(ErrorCode.NONE).string(groupId).string(g?.state ?? 'Dead').string(g?.protocolType ?? '').string(g?.protocolName ?? '');
      w2.array(g?.members ?? [], (w3, m) => {
        w3.string(m.memberId);
        if (v >= 4) w3.nullableString(m.groupInstanceId);
        w3.string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
      });
      if (v >= 3) w2.int32(NOT_COMPUTED);
    });
    return true;
  },
};
