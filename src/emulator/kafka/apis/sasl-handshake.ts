import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

/**
 * SaslHandshake (17) v0–1 (KIP-43; v1 announces SaslAuthenticate, KIP-152). On the SASL listener the
 * connection's authenticator answers it; elsewhere, or once authenticated, ILLEGAL_SASL_STATE with no
 * mechanisms, as Kafka's KafkaApis.handleSaslHandshakeRequest. librdkafka needs v0 in the advertised range
 * to use SASL at all (its feature map: SaslHandshake 0..0), and v1 with SaslAuthenticate 0 to use the latter.
 */
export const saslHandshakeApi: Api = {
  key: 17,
  name: 'SaslHandshake',
  minVersion: 0,
  maxVersion: 1,
  handle(_broker, req, r, w) {
    const mechanism = r.string();
    const answer = req.sasl && !req.sasl.authenticated ? req.sasl.handshake(mechanism, req.version) : { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    w.int16(answer.errorCode).array(answer.mechanisms, (w2, m) => w2.string(m));
    return true;
  },
};
