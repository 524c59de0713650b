import { SaslFailure, type SaslExchange } from './mechanisms.js';
import type { SaslUserStore } from './user-store.js';

/**
 * SASL/PLAIN (RFC 4616): one message, `[authzid] NUL authcid NUL passwd`. The refusals and their words are
 * Kafka's PlainSaslServer's (all of them reach the client; none carries the password).
 */
export function plainExchange(users: SaslUserStore, onUser: (username: string) => void): SaslExchange {
  let done = false;
  return {
    evaluate(token) {
      if (done) throw new SaslFailure('SASL/PLAIN takes a single message', true);
      done = true;
      const parts = splitOnNul(token.toString('utf8'));
      if (parts.length !== 3) throw new SaslFailure(`Invalid SASL/PLAIN response: expected 3 tokens, got ${parts.length}`, true);
      const [authzid, username, password] = parts as [string, string, string];
      if (username === '') throw new SaslFailure('Authentication failed: username not specified', true);
      onUser(username);
      if (password === '') throw new SaslFailure('Authentication failed: password not specified', true);
      if (!users.checkPlain(username, password)) throw new SaslFailure('Authentication failed: Invalid username or password', true);
      if (authzid !== '' && authzid !== username) {
        throw new SaslFailure('Authentication failed: Client requested an authorization id that is different from username', true);
      }
      return { answer: Buffer.alloc(0), complete: true };
    },
  };
}

function splitOnNul(message: string): string[] {
  return message.split('\u0000');
}
