import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

const KEY_TYPE_GROUP = 0;

/** FindCoordinator (10) v0–2: this broker coordinates every group. Transactions are not supported. */
export const findCoordinatorApi: Api = {
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  handle(broker, req, r, w) {
    const v = req.version;
    r.string(); // key
    const keyType = v >= 1 ? r.int8() : KEY_TYPE_GROUP;
    const ok = keyType === KEY_TYPE_GROUP;
    if (v >= 1) w.int32(0);
    w.int16(ok ? ErrorCode.NONE : ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (v >= 1) w.nullableString(ok ? null : 'only consumer group coordinators exist on this broker');
    w.int32(ok ? broker.nodeId : -1).string(ok ? broker.host : '').int32(ok ? broker.port : -1);
    return true;
  },
};
