import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SaslFailure, type SaslExchange } from './mechanisms.js';
import { hmac, SCRAM_HASH, type ScramCredential, type ScramMechanismName } from './user-store.js';

/**
 * The server side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677; Kafka's KIP-84 and ScramSaslServer):
 *   client-first  n,[a=authzid],n=user,r=cnonce[,ext…]   →  server-first  r=cnonce+snonce,s=salt,i=iterations
 *   client-final  c=base64(gs2 header),r=nonce[,ext…],p=proof  →  server-final  v=base64(ServerSignature)
 * Channel binding is not offered ("n" only, as Kafka's client-first format). Refusals that could tell whether a
 * user exists are not for the client (SaslFailure.forClient false), as in Kafka.
 */
export function scramExchange(
  mechanism: ScramMechanismName,
  credentialOf: (username: string) => ScramCredential | undefined,
  onUser: (username: string) => void,
  serverNonce: () => string = () => randomBytes(24).toString('base64url'),
): SaslExchange {
  const hash = SCRAM_HASH[mechanism];
  let step: 'client-first' | 'client-final' | 'done' = 'client-first';
  let first: { gs2Header: string; bare: string; nonce: string; credential: ScramCredential; serverFirst: string } | undefined;
  return {
    evaluate(token) {
      const message = token.toString('utf8');
      if (step === 'client-first') {
        const client = parseClientFirst(message);
        onUser(client.username);
        const credential = credentialOf(client.username);
        if (!credential) throw new SaslFailure('Authentication failed: Invalid user credentials', false);
        if (client.authzid !== '' && client.authzid !== client.username) {
          throw new SaslFailure('Authentication failed: Client requested an authorization id that is different from username', true);
        }
        const nonce = client.nonce + serverNonce();
        const serverFirst = `r=${nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
        first = { gs2Header: client.gs2Header, bare: client.bare, nonce, credential, serverFirst };
        step = 'client-final';
        return { answer: Buffer.from(serverFirst), complete: false };
      }
      if (step === 'client-final' && first) {
        step = 'done';
        const final = parseClientFinal(message);
        // Kafka 3.8.1–3.9 (the CVE-2024-56128 fix, apache/kafka 0a00456) takes a nonce that ends with the server's:
        // librdkafka before 2.6.1 sends the client nonce once more in front (confluentinc/librdkafka#4895)
        if (!final.nonce.endsWith(first.nonce)) throw new SaslFailure('Invalid client nonce in the final client message.', false);
        if (final.channelBinding !== Buffer.from(first.gs2Header).toString('base64')) throw new SaslFailure('Invalid channel binding in the final client message.', false);
        const authMessage = `${first.bare},${first.serverFirst},${final.withoutProof}`;
        const clientSignature = hmac(hash, first.credential.storedKey, authMessage);
        if (final.proof.length !== clientSignature.length) throw new SaslFailure('Invalid client credentials', false);
        const clientKey = Buffer.from(final.proof.map((b, i) => b ^ clientSignature[i]!));
        if (!timingSafeEqual(createHash(hash).update(clientKey).digest(), first.credential.storedKey)) throw new SaslFailure('Invalid client credentials', false);
        const serverSignature = hmac(hash, first.credential.serverKey, authMessage);
        return { answer: Buffer.from(`v=${serverSignature.toString('base64')}`), complete: true };
      }
      throw new SaslFailure(`Unexpected SCRAM message after the exchange ended`, false);
    },
  };
}

interface ClientFirst {
  gs2Header: string;
  authzid: string;
  username: string;
  nonce: string;
  /** client-first-message-bare, part of the AuthMessage both sides sign. */
  bare: string;
}

/** RFC 5802 §7 client-first-message, with the gs2 header flag "n" (no channel binding) as Kafka accepts it. */
function parseClientFirst(message: string): ClientFirst {
  const header = /^n,(a=([^,]*))?,/.exec(message);
  if (!header) throw new SaslFailure('Invalid SCRAM client first message format', false);
  const bare = message.slice(header[0].length);
  const fields = attributes(bare);
  const [n, r] = [fields[0], fields[1]];
  if (n?.key !== 'n' || r?.key !== 'r' || r.value === '') throw new SaslFailure('Invalid SCRAM client first message format', false);
  // extensions (Kafka's tokenauth for delegation tokens): there are no delegation tokens here
  if (fields.slice(2).some((f) => f.key === 'tokenauth' && f.value === 'true')) throw new SaslFailure('Token Authentication failed: no delegation tokens exist', false);
  return { gs2Header: header[0], authzid: saslName(header[2] ?? ''), username: saslName(n.value), nonce: r.value, bare };
}

interface ClientFinal {
  channelBinding: string;
  nonce: string;
  proof: Buffer;
  withoutProof: string;
}

/** RFC 5802 §7 client-final-message: c=…,r=…[,extensions],p=… (the proof last). */
function parseClientFinal(message: string): ClientFinal {
  const proofAt = message.lastIndexOf(',p=');
  if (proofAt < 0) throw new SaslFailure('Invalid SCRAM client final message format', false);
  const withoutProof = message.slice(0, proofAt);
  const fields = attributes(withoutProof);
  const [c, r] = [fields[0], fields[1]];
  if (c?.key !== 'c' || r?.key !== 'r') throw new SaslFailure('Invalid SCRAM client final message format', false);
  return { channelBinding: c.value, nonce: r.value, proof: Buffer.from(message.slice(proofAt + 3), 'base64'), withoutProof };
}

function attributes(text: string): { key: string; value: string }[] {
  return text.split(',').map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? { key: part, value: '' } : { key: part.slice(0, eq), value: part.slice(eq + 1) };
  });
}

/** RFC 5802 saslname: "=2C" is ",", "=3D" is "="; any other "=" is malformed. */
function saslName(encoded: string): string {
  if (/=(?!2C|3D)/.test(encoded)) throw new SaslFailure('Invalid SCRAM username encoding', false);
  return encoded.replace(/=2C/g, ',').replace(/=3D/g, '=');
}
