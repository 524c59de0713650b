/** The SASL mechanisms this broker's SASL listener can enable (Kafka's names, as SaslHandshake carries them). */
export const SASL_MECHANISM_NAMES = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanismName = (typeof SASL_MECHANISM_NAMES)[number];

export const isSaslMechanismName = (name: string): name is SaslMechanismName => (SASL_MECHANISM_NAMES as readonly string[]).includes(name);

/** A user of the SASL listener; `mechanisms` (default: every enabled one) are those it may authenticate with. */
export interface SaslUser {
  username: string;
  password: string;
  mechanisms?: SaslMechanismName[];
}

/** One step of a server-side SASL exchange: the client's token in, the server's answer out. */
export interface SaslExchange {
  evaluate(token: Buffer): { answer: Buffer; complete: boolean };
}

/**
 * A refused exchange. As Kafka's SaslServerAuthenticator does, the client reads `message` only when
 * `forClient` (Kafka's SaslAuthenticationException); otherwise (its SaslException, whose detail may tell
 * whether a user exists) it reads a generic "invalid credentials" message and the detail is only logged.
 * No message ever carries a password.
 */
export class SaslFailure extends Error {
  constructor(
    message: string,
    readonly forClient: boolean,
  ) {
    super(message);
  }
}
