import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

/** ListGroups (16) v0–2. */
export const listGroupsApi: Api = {
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 2,
  handle(broker, req, _r, w) {
    if (req.version >= 1) w.int32(0);
    w.int16(ErrorCode.NONE);
    w.array(broker.groups.list(), (w2, g) => w2.string(g.groupId).string(g.protocolType));
    return true;
  },
};
