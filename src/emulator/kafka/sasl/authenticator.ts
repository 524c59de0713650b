import { ErrorCode } from '../error-codes.js';
import { isSaslMechanismName, SaslFailure, type SaslExchange, type SaslMechanismName } from './mechanisms.js';
import { plainExchange } from './plain.js';
import { scramExchange } from './scram.js';
import type { SaslUserStore } from './user-store.js';

const API_VERSIONS = 18;
const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;

/**
 * Where one connection of the SASL listener is in authentication, after Kafka's SaslServerAuthenticator:
 *   initial      ApiVersions (until one is answered) or SaslHandshake
 *   handshake    SaslHandshake only (ApiVersions was answered)
 *   authenticate SaslAuthenticate only (SaslHandshake v1, KIP-152)
 *   raw-tokens   the frames are bare SASL tokens, answered with bare tokens (SaslHandshake v0, KIP-43)
 *   complete     every API; SaslHandshake/SaslAuthenticate answer ILLEGAL_SASL_STATE (as KafkaApis does)
 *   failed       the refusal was answered; the connection closes
 */
type State = 'initial' | 'handshake' | 'authenticate' | 'raw-tokens' | 'complete' | 'failed';

export interface SaslAuthenticateAnswer {
  errorCode: number;
  errorMessage: string | null;
  answer: Buffer;
}

export class SaslAuthenticator {
  private state: State = 'initial';
  private exchange: SaslExchange | undefined;
  private mechanism: SaslMechanismName | undefined;
  private username: string | undefined;
  /** Why the connection must close, once a refusal was answered. */
  private failure: string | undefined;

  constructor(
    private readonly users: SaslUserStore,
    private readonly log: (line: string) => void,
  ) {}

  get authenticated(): boolean {
    return this.state === 'complete';
  }

  get expectsRawToken(): boolean {
    return this.state === 'raw-tokens';
  }

  /** Set once a refusal has been answered: the connection closes with this reason. */
  get closeReason(): string | undefined {
    return this.state === 'failed' ? this.failure : undefined;
  }

  /**
   * Before authentication: lets a request through (undefined; an answered ApiVersions moves on to the handshake),
   * or says why the connection must close unanswered.
   * Kafka closes on anything but ApiVersions/SaslHandshake before the handshake (InvalidRequestException), and
   * on anything but SaslAuthenticate after it (it answers that request with ILLEGAL_SASL_STATE first).
   */
  gate(apiKey: number, apiName: string, versionSupported: boolean): string | undefined {
    const before = `${apiName} before SASL authentication`;
    switch (this.state) {
      case 'initial':
        if (apiKey === API_VERSIONS) {
          // a version it cannot answer leaves the client its retry (Kafka stays in HANDSHAKE_OR_VERSIONS_REQUEST)
          if (versionSupported) this.state = 'handshake';
          return undefined;
        }
        return apiKey === SASL_HANDSHAKE ? undefined : `${before} (only ApiVersions and SaslHandshake are served until then)`;
      case 'handshake':
        return apiKey === SASL_HANDSHAKE ? undefined : `${before} (only SaslHandshake is served after ApiVersions)`;
      case 'authenticate':
        return apiKey === SASL_AUTHENTICATE ? undefined : `${before} (only SaslAuthenticate is served after SaslHandshake)`;
      default:
        return undefined;
    }
  }

  /** SaslHandshake: the mechanism is enabled (then the exchange starts) or UNSUPPORTED_SASL_MECHANISM and close. */
  handshake(mechanism: string, version: number): { errorCode: number; mechanisms: readonly string[] } {
    const enabled = this.users.enabled;
    if (this.state !== 'initial' && this.state !== 'handshake') return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    if (!isSaslMechanismName(mechanism) || !enabled.includes(mechanism)) {
      this.fail(`SASL mechanism ${JSON.stringify(mechanism)} is not enabled (${enabled.join(', ')})`);
      return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: enabled };
    }
    this.mechanism = mechanism;
    const onUser = (name: string) => (this.username = name);
    this.exchange = mechanism === 'PLAIN' ? plainExchange(this.users, onUser) : scramExchange(mechanism, (name) => this.users.scramCredential(name, mechanism), onUser);
    this.state = version >= 1 ? 'authenticate' : 'raw-tokens';
    return { errorCode: ErrorCode.NONE, mechanisms: enabled };
  }

  /** SaslAuthenticate (v0–1): one token of the exchange; a refusal answers SASL_AUTHENTICATION_FAILED, then close. */
  authenticate(token: Buffer): SaslAuthenticateAnswer {
    if (this.state !== 'authenticate') {
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslAuthenticate request received after successful authentication', answer: Buffer.alloc(0) };
    }
    const step = this.evaluate(token);
    if (step instanceof SaslFailure) {
      const message = step.forClient ? step.message : `Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.mechanism}`;
      return { errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: message, answer: Buffer.alloc(0) };
    }
    return { errorCode: ErrorCode.NONE, errorMessage: null, answer: step };
  }

  /** A bare token after SaslHandshake v0: the answer token, or undefined when refused (Kafka then just closes). */
  rawToken(token: Buffer): Buffer | undefined {
    const step = this.evaluate(token);
    return step instanceof SaslFailure ? undefined : step;
  }

  private evaluate(token: Buffer): Buffer | SaslFailure {
    try {
      const { answer, complete } = this.exchange!.evaluate(token);
      if (complete) {
        this.state = 'complete';
        this.log(`SASL ${this.mechanism} authentication of ${JSON.stringify(this.username)} succeeded`);
      }
      return answer;
    } catch (err) {
      if (!(err instanceof SaslFailure)) throw err;
      this.fail(`SASL ${this.mechanism} authentication of ${JSON.stringify(this.username ?? '')} failed: ${err.message}`);
      return err;
    }
  }

  private fail(reason: string): void {
    this.state = 'failed';
    this.failure = reason;
    this.exchange = undefined;
  }
}
