import type { SaslCredentials, SaslMechanism } from '../connection.js';
import { ApiKey, BrokerRefusedError, type BrokerSession } from './broker-session.js';
import { RequestWriter } from './protocol.js';

/** kafkajs' own mechanisms (the SASL exchange stays kafkajs'); this path only carries their bytes. */
const MECHANISMS: Record<SaslMechanism, () => Promise<{ default: typeof import('kafkajs/src/broker/saslAuthenticator/plain.js').default }>> = {
  plain: () => import('kafkajs/src/broker/saslAuthenticator/plain.js'),
  'scram-sha-256': () => import('kafkajs/src/broker/saslAuthenticator/scram256.js'),
  'scram-sha-512': () => import('kafkajs/src/broker/saslAuthenticator/scram512.js'),
};

const SILENT = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * SaslHandshake v1, then the mechanism's SaslAuthenticate exchanges (KIP-152, Kafka ≥ 1.0). Returns the session
 * lifetime the broker grants (SaslAuthenticate v1, KIP-368; 0: unlimited). Error messages never carry the password.
 */
export async function authenticate(session: BrokerSession, sasl: SaslCredentials, broker: string): Promise<{ sessionLifetimeMs: number }> {
  const name = sasl.mechanism.toUpperCase();
  const authenticateVersion = session.version(ApiKey.SaslAuthenticate, 0, 1);
  if (session.version(ApiKey.SaslHandshake, 1, 1) === undefined || authenticateVersion === undefined) {
    throw new BrokerRefusedError(`the broker ${broker} does not offer SaslHandshake v1 and SaslAuthenticate (Kafka ≥ 1.0)`);
  }
  const handshake = await session.request(ApiKey.SaslHandshake, 1, new RequestWriter().string(name).toBuffer());
  const handshakeError = handshake.int16();
  const enabled = handshake.array((r) => r.string() ?? '');
  if (handshakeError !== 0) throw new BrokerRefusedError(`the broker ${broker} does not enable SASL ${name} (it offers ${enabled.join(', ') || 'none'})`);
  let sessionLifetimeMs = 0;
  const saslAuthenticate = async ({ request, response }: { request: { encode(): Promise<Buffer> }; response?: { decode(bytes: Buffer): Promise<unknown>; parse(decoded: unknown): Promise<unknown> } }) => {
    // the mechanism's bytes come INT32-length prefixed, which is the BYTES field as it stands
    const answer = await session.request(ApiKey.SaslAuthenticate, authenticateVersion, new RequestWriter().raw(await request.encode()).toBuffer());
    const errorCode = answer.int16();
    const errorMessage = answer.string();
    const fieldStart = answer.position;
    const bytes = answer.bytesRange();
    if (authenticateVersion >= 1) sessionLifetimeMs = answer.int64();
    // kafkajs' mechanism wraps this in its own "SASL … authentication failed: "
    if (errorCode !== 0) throw new BrokerRefusedError(`${broker}: ${errorMessage ?? `error ${errorCode}`}`);
    if (!response) return undefined;
    // copied: the answer is a view of the receive buffer, and the mechanism may keep it across the next request
    const field = Buffer.from(answer.data.subarray(fieldStart, bytes.start + Math.max(0, bytes.length)));
    return response.parse(await response.decode(field));
  };
  const { default: provider } = await MECHANISMS[sasl.mechanism]();
  const [host = broker, port = '0'] = broker.split(/:(?=\d+$)/);
  await provider({ mechanism: name, username: sasl.username, password: sasl.password })({ host, port: Number(port), logger: SILENT, saslAuthenticate }).authenticate();
  return { sessionLifetimeMs };
}
