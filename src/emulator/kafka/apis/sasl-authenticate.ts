import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

/**
 * SaslAuthenticate (36) v0–1 (KIP-152; v1 adds session_lifetime_ms, KIP-368, always 0 here: sessions do not
 * expire, as Kafka without connections.max.reauth.ms). Outside an exchange it answers ILLEGAL_SASL_STATE,
 * as Kafka's KafkaApis.handleSaslAuthenticateRequest.
 */
export const saslAuthenticateApi: Api = {
  key: 36,
  name: 'SaslAuthenticate',
  minVersion: 0,
  maxVersion: 1,
  handle(_broker, req, r, w) {
    const token = r.bytes();
    const answer = req.sasl?.authenticate(token) ?? {
      errorCode: ErrorCode.ILLEGAL_SASL_STATE,
      errorMessage: 'SaslAuthenticate request received after successful authentication',
      answer: Buffer.alloc(0),
    };
    w.int16(answer.errorCode).nullableString(answer.errorMessage).bytes(answer.answer);
    if (req.version >= 1) w.int64(0);
    return true;
  },
};
