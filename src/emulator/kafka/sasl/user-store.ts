import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { SASL_MECHANISM_NAMES, type SaslMechanismName, type SaslUser } from './mechanisms.js';

export type ScramMechanismName = Exclude<SaslMechanismName, 'PLAIN'>;

/** What a SCRAM server keeps of a password (RFC 5802 §3, Kafka's ScramCredential): never the password itself. */
export interface ScramCredential {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** Kafka's minimum (ScramMechanism.minIterations) and the count `kafka-configs --add-config SCRAM-…` uses by default. */
export const SCRAM_ITERATIONS = 4096;

export const SCRAM_HASH: Record<ScramMechanismName, 'sha256' | 'sha512'> = { 'SCRAM-SHA-256': 'sha256', 'SCRAM-SHA-512': 'sha512' };

export const hmac = (hash: string, key: Buffer, data: Buffer | string): Buffer => createHmac(hash, key).update(data).digest();

/** The SCRAM keys of a password (RFC 5802 §3): SaltedPassword → ClientKey → StoredKey, ServerKey. */
export function scramCredential(mechanism: ScramMechanismName, password: string, salt: Buffer, iterations: number): ScramCredential {
  const hash = SCRAM_HASH[mechanism];
  const digestLength = hash === 'sha256' ? 32 : 64;
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, digestLength, hash);
  const clientKey = hmac(hash, salted, 'Client Key');
  return { salt, iterations, storedKey: createHash(hash).update(clientKey).digest(), serverKey: hmac(hash, salted, 'Server Key') };
}

interface StoredUser {
  mechanisms: ReadonlySet<SaslMechanismName>;
  /** PLAIN: a salted digest of the password, compared in constant time. */
  plain?: { salt: Buffer; digest: Buffer };
  scram: Partial<Record<ScramMechanismName, ScramCredential>>;
}

/**
 * The SASL listener's users, kept as PLAIN digests and SCRAM credentials; the passwords given are not kept.
 * Throws a RangeError for users the listener could never authenticate.
 */
export class SaslUserStore {
  private readonly users = new Map<string, StoredUser>();

  constructor(
    readonly enabled: readonly SaslMechanismName[],
    users: readonly SaslUser[],
  ) {
    if (enabled.length === 0) throw new RangeError(`SASL: enable at least one mechanism (${SASL_MECHANISM_NAMES.join(', ')})`);
    for (const user of users) this.add(user);
  }

  private add(user: SaslUser): void {
    if (user.username === '') throw new RangeError('SASL: a user needs a username');
    if (user.password === '') throw new RangeError(`SASL: user ${JSON.stringify(user.username)} needs a password`);
    if (this.users.has(user.username)) throw new RangeError(`SASL: user ${JSON.stringify(user.username)} is given twice`);
    const mechanisms = new Set(user.mechanisms ?? this.enabled);
    for (const m of mechanisms) {
      if (!this.enabled.includes(m)) throw new RangeError(`SASL: user ${JSON.stringify(user.username)} has ${m}, which the listener does not enable (${this.enabled.join(', ')})`);
    }
    const stored: StoredUser = { mechanisms, scram: {} };
    if (mechanisms.has('PLAIN')) {
      const salt = randomBytes(16);
      stored.plain = { salt, digest: plainDigest(salt, user.password) };
    }
    for (const m of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
      if (mechanisms.has(m)) stored.scram[m] = scramCredential(m, user.password, randomBytes(16), SCRAM_ITERATIONS);
    }
    this.users.set(user.username, stored);
  }

  /** Whether `password` is `username`'s for PLAIN; as long for an unknown user as for a known one. */
  checkPlain(username: string, password: string): boolean {
    const plain = this.users.get(username)?.plain;
    const salt = plain?.salt ?? UNKNOWN_USER_SALT;
    const digest = plainDigest(salt, password);
    return timingSafeEqual(digest, plain?.digest ?? UNKNOWN_USER_DIGEST) && plain !== undefined;
  }

  scramCredential(username: string, mechanism: ScramMechanismName): ScramCredential | undefined {
    return this.users.get(username)?.scram[mechanism];
  }
}

const plainDigest = (salt: Buffer, password: string) => createHash('sha256').update(salt).update(password, 'utf8').digest();
const UNKNOWN_USER_SALT = randomBytes(16);
const UNKNOWN_USER_DIGEST = randomBytes(32);
