import type { Socket } from 'node:net';
import type { Api, BrokerContext } from './apis/index.js';
import { writeApiVersions } from './apis/api-versions.js';
import { Reader, Writer } from './codec.js';
import { ErrorCode } from './error-codes.js';
import { FrameReader } from './frame-reader.js';
import type { RequestMemoryPool } from './request-memory.js';
import type { SaslAuthenticator } from './sasl/authenticator.js';

const API_VERSIONS_KEY = 18;
/** Frames read ahead while one request is in progress before the socket is paused. */
const MAX_QUEUED_FRAMES = 64;
/**
 * sasl.server.max.receive.size: the longest frame read before and during SASL authentication (Kafka's
 * BrokerSecurityConfigs.DEFAULT_SASL_SERVER_MAX_RECEIVE_SIZE, 512 KiB), so that an unauthenticated client
 * cannot make the broker hold a large request.
 */
export const SASL_MAX_RECEIVE_BYTES = 524_288;

export interface ConnectionLimits {
  /** socket.request.max.bytes: a longer frame closes the connection. */
  maxFrameBytes: number;
  /** queued.max.request.bytes, shared by every connection. */
  pool: RequestMemoryPool;
  /** connections.max.idle.ms: a connection with no traffic and no request in progress for this long is closed. */
  idleTimeoutMs: number;
}

/**
 * One client connection. Requests are handled one at a time, as Kafka does, so responses leave in request
 * order even when a Fetch or JoinGroup waits. Reading stops while the frames read ahead, the shared request
 * memory or an unsent response (Kafka mutes a channel until its response is sent) say so. Anything that is
 * not a well-formed request for a supported API version closes this connection only.
 */
export class Connection {
  private readonly frames: FrameReader;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  private badFrame: string | undefined;
  private cancelMemoryWait: (() => void) | undefined;
  private readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly apis: Map<number, Api>,
    private readonly broker: BrokerContext,
    private readonly limits: ConnectionLimits,
    private readonly sasl?: SaslAuthenticator,
  ) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.frames = new FrameReader(sasl ? Math.min(SASL_MAX_RECEIVE_BYTES, limits.maxFrameBytes) : limits.maxFrameBytes, limits.pool);
    socket.setNoDelay(true);
    socket.setTimeout(limits.idleTimeoutMs);
    socket.on('timeout', () => {
      if (!this.busy && this.queue.length === 0) this.close(`idle for ${limits.idleTimeoutMs} ms (connections.max.idle.ms)`);
    });
    socket.on('data', (data) => this.onData(data));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  close(reason?: string): void {
    if (this.closed) return;
    if (reason) this.broker.log(`closing connection from ${this.peer}: ${reason}`);
    this.closed = true;
    this.cancelMemoryWait?.();
    this.frames.discard();
    for (const frame of this.queue.splice(0)) this.limits.pool.release(frame.length);
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    if (this.closed) return;
    const { frames, error } = this.frames.push(data);
    this.queue.push(...frames);
    if (error) {
      // requests already complete are still answered in order before the connection goes
      this.badFrame = error;
      this.socket.pause();
    } else if (this.frames.waitingForMemory && !this.cancelMemoryWait) {
      this.cancelMemoryWait = this.limits.pool.whenAvailable(() => this.retryMemory());
    }
    this.updateReading();
    void this.pump();
  }

  private retryMemory(): boolean {
    if (this.closed || !this.frames.retryReserve()) return this.closed;
    this.cancelMemoryWait = undefined;
    // the rest of the frame may already be buffered: go on from there
    queueMicrotask(() => this.onData(Buffer.alloc(0)));
    return true;
  }

  private updateReading(): void {
    if (this.closed || this.badFrame) return;
    if (this.frames.waitingForMemory || this.queue.length > MAX_QUEUED_FRAMES) this.socket.pause();
    else if (this.queue.length <= MAX_QUEUED_FRAMES / 2 && this.socket.isPaused()) this.socket.resume();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const frame = this.queue.shift()!;
        try {
          await this.handle(frame);
        } catch (err) {
          return this.close(`${err instanceof Error ? err.message : String(err)}`);
        } finally {
          this.limits.pool.release(frame.length);
        }
        await this.responseSent();
        if (this.sasl) this.afterSaslStep(this.sasl);
        this.updateReading();
        // one request per turn of the event loop: pipelined requests on one connection never starve the others
        if (this.queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (this.badFrame) this.close(this.badFrame);
    } finally {
      this.busy = false;
    }
  }

  /** A refused authentication closes once its answer is sent; a completed one lifts the frame limit. */
  private afterSaslStep(sasl: SaslAuthenticator): void {
    if (sasl.closeReason) this.close(sasl.closeReason);
    else if (sasl.authenticated) this.frames.maxFrameBytes = this.limits.maxFrameBytes;
  }

  /** Resolves once the socket took the last response (or closed): a client that does not read gets no more answers. */
  private responseSent(): Promise<void> {
    if (this.closed || !this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  private async handle(frame: Buffer): Promise<void> {
    if (this.sasl?.expectsRawToken) return this.handleRawToken(this.sasl, frame);
    const r = new Reader(frame);
    const apiKey = r.int16();
    const version = r.int16();
    const correlationId = r.int32();
    const clientId = r.nullableString() ?? '';
    const api = this.apis.get(apiKey);
    if (!api) return this.close(`unknown API key ${apiKey} (correlation id ${correlationId})`);
    if (this.sasl && !this.sasl.authenticated) {
      const refusal = this.sasl.gate(apiKey, api.name, version >= api.minVersion && version <= api.maxVersion);
      if (refusal) return this.close(refusal);
    }
    if (version < api.minVersion || version > api.maxVersion) {
      if (apiKey !== API_VERSIONS_KEY) {
        return this.close(`${api.name} v${version} is not supported (v${api.minVersion}–${api.maxVersion})`);
      }
      // answered in v0 form with the supported list, so the client retries with a version it finds there
      const w = this.startResponse(correlationId, false);
      writeApiVersions(w, 0, ErrorCode.UNSUPPORTED_VERSION, [...this.apis.values()].sort((a, b) => a.key - b.key));
      return this.send(w);
    }
    const flexible = api.flexibleFrom !== undefined && version >= api.flexibleFrom;
    if (flexible) r.taggedFields();
    // ApiVersions answers with a v0 response header whatever the version
    const w = this.startResponse(correlationId, flexible && apiKey !== API_VERSIONS_KEY);
    const info = { version, clientId, clientHost: `/${this.socket.remoteAddress ?? ''}`, ...(this.sasl ? { sasl: this.sasl } : {}) };
    const respond = await api.handle(this.broker, info, r, w);
    if (respond) this.send(w);
  }

  /** After SaslHandshake v0 the frames are bare SASL tokens, answered the same way; a refusal is not answered. */
  private handleRawToken(sasl: SaslAuthenticator, token: Buffer): void {
    const answer = sasl.rawToken(token);
    if (!answer || this.closed) return;
    const frame = Buffer.alloc(4 + answer.length);
    frame.writeInt32BE(answer.length, 0);
    answer.copy(frame, 4);
    this.socket.write(frame);
  }

  private startResponse(correlationId: number, headerV1: boolean): Writer {
    const w = new Writer(1024);
    w.int32(0); // size, filled in by send
    w.int32(correlationId);
    if (headerV1) w.emptyTaggedFields();
    return w;
  }

  private send(w: Writer): void {
    if (this.closed) return;
    const chunks = w.toChunks();
    chunks[0]!.writeInt32BE(w.length - 4, 0); // the size field is in the first encoded part
    if (chunks.length === 1) {
      this.socket.write(chunks[0]!);
      return;
    }
    // one writev for the encoded parts and the record batches between them
    this.socket.cork();
    for (const chunk of chunks) this.socket.write(chunk);
    this.socket.uncork();
  }
}
