import type { ConnectionOptions } from 'node:tls';
import type { SaslCredentials } from '../connection.js';
import { FrameSocket } from './frame-socket.js';
import { MalformedResponseError, RequestWriter, ResponseReader } from './protocol.js';
import { authenticate } from './sasl.js';

/** API keys of the requests this path sends (kafka.apache.org/protocol#protocol_api_keys). */
export const ApiKey = { Fetch: 1, SaslHandshake: 17, ApiVersions: 18, SaslAuthenticate: 36 } as const;

export interface BrokerSessionOptions {
  host: string;
  port: number;
  clientId: string;
  tls?: ConnectionOptions;
  sasl?: SaslCredentials;
  connectionTimeoutMs: number;
  requestTimeoutMs: number;
}

export interface VersionRange {
  min: number;
  max: number;
}

/** A broker answered an ApiVersions or SASL request with an error, or does not offer what this path needs. */
export class BrokerRefusedError extends Error {}

/**
 * A connection to one broker, ready for requests: ApiVersions asked (every broker answers v0), SASL done when
 * configured. Requests go one at a time; each answer is a reader over the connection's receive buffer, valid
 * until the next request.
 */
export class BrokerSession {
  private correlationId = 0;
  /** When the broker ends the SASL session (KIP-368); a new connection is needed before then. */
  private expiresAt = Infinity;

  private constructor(
    private readonly socket: FrameSocket,
    private readonly options: BrokerSessionOptions,
    readonly versions: Map<number, VersionRange>,
  ) {}

  static async open(options: BrokerSessionOptions): Promise<BrokerSession> {
    const socket = await FrameSocket.open({ host: options.host, port: options.port, connectionTimeoutMs: options.connectionTimeoutMs, ...(options.tls ? { tls: options.tls } : {}) });
    try {
      const session = new BrokerSession(socket, options, new Map());
      await session.readVersions();
      if (options.sasl) {
        const started = Date.now();
        const { sessionLifetimeMs } = await authenticate(session, options.sasl, `${options.host}:${options.port}`);
        if (sessionLifetimeMs > 0) session.expiresAt = started + sessionLifetimeMs;
      }
      return session;
    } catch (error) {
      socket.close();
      throw error;
    }
  }

  /** Whether the SASL session ends within `marginMs` (then the caller opens a new session). */
  expiresWithin(marginMs: number): boolean {
    return Date.now() + marginMs >= this.expiresAt;
  }

  /** The highest version of `apiKey` both sides speak, within [min, max]; undefined when there is none. */
  version(apiKey: number, min: number, max: number): number | undefined {
    const range = this.versions.get(apiKey);
    if (!range) return undefined;
    const version = Math.min(max, range.max);
    return version >= Math.max(min, range.min) ? version : undefined;
  }

  /** Sends a request (header v1: key, version, correlation id, client id) and reads the answer's body. */
  async request(apiKey: number, version: number, body: Buffer, timeoutMs = this.options.requestTimeoutMs): Promise<ResponseReader> {
    const correlationId = (this.correlationId = (this.correlationId + 1) | 0);
    const header = new RequestWriter().int32(0).int16(apiKey).int16(version).int32(correlationId).string(this.options.clientId).toBuffer();
    const frame = Buffer.concat([header, body]);
    frame.writeInt32BE(frame.length - 4, 0);
    const answer = await this.socket.exchange(frame, timeoutMs);
    const reader = new ResponseReader(answer, 0, answer.length);
    const answered = reader.int32();
    if (answered !== correlationId) {
      this.close();
      throw new MalformedResponseError(`the broker answered request ${answered}, ${correlationId} was asked`);
    }
    return reader;
  }

  close(): void {
    this.socket.close();
  }

  /** ApiVersions v0 (KIP-35), which every broker since 0.10 answers. */
  private async readVersions(): Promise<void> {
    const reader = await this.request(ApiKey.ApiVersions, 0, Buffer.alloc(0));
    const errorCode = reader.int16();
    if (errorCode !== 0) throw new BrokerRefusedError(`the broker refused ApiVersions with error ${errorCode}`);
    for (const { key, min, max } of reader.array((r) => ({ key: r.int16(), min: r.int16(), max: r.int16() }))) {
      this.versions.set(key, { min, max });
    }
  }
}
