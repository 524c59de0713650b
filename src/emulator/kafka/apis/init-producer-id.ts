import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

let nextProducerId = Date.now() % 1_000_000_000;

/** InitProducerId (22) v0–1: hands out producer ids for idempotent producers; transactions are not supported. */
export const initProducerIdApi: Api = {
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  handle(_broker, _req, r, w) {
    const transactionalId = r.nullableString();
    r.int32(); // transaction timeout
    w.int32(0);
    if (transactionalId !== null) w.int16(ErrorCode.COORDINATOR_NOT_AVAILABLE).int64(-1).int16(-1);
    else w.int16(ErrorCode.NONE).int64(nextProducerId++).int16(0);
    return true;
  },
};
