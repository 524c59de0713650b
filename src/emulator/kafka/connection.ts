import type { Socket } from 'node:net';
import type { Api, BrokerContext } from './apis/index.js';
import { writeApiVersions } from './apis/api-versions.js';
import { Reader, Writer } from './codec.js';
import { ErrorCode } from './error-codes.js';
import { FrameReader } from './frame-reader.js';

const API_VERSIONS_KEY = 18;
/** Frames read ahead while one request is in progress before the socket is paused. */
const MAX_QUEUED_FRAMES = 64;

/**
 * One client connection. Requests are handled one at a time, as Kafka does, so responses leave in request
 * order even when a Fetch or JoinGroup waits. Anything that is not a well-formed request for a supported
 * API version closes this connection only.
 */
export class Connection {
  private readonly frames: FrameReader;
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  private readonly peer: string;

  constructor(
    private readonly socket: Socket,
    private readonly apis: Map<number, Api>,
    private readonly broker: BrokerContext,
    maxFrameBytes: number,
  ) {
    this.peer = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    this.frames = new FrameReader(maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (data) => this.onData(data));
    socket.on('error', () => this.close());
    socket.on('close', () => {
      this.closed = true;
    });
  }

  close(reason?: string): void {
    if (reason && !this.closed) this.broker.log(`closing connection from ${this.peer}: ${reason}`);
    this.closed = true;
    this.queue.length = 0;
    this.socket.destroy();
  }

  private onData(data: Buffer): void {
    if (this.closed) return;
    const { frames, error } = this.frames.push(data);
    this.queue.push(...frames);
    if (error) {
      // requests already complete are still answered in order before the connection goes
      this.queue.push(Buffer.alloc(0));
      this.badFrame = error;
    }
    if (this.queue.length > MAX_QUEUED_FRAMES) this.socket.pause();
    void this.pump();
  }

  private badFrame: string | undefined;

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closed && this.queue.length > 0) {
        const frame = this.queue.shift()!;
        if (frame.length === 0 && this.badFrame) return this.close(this.badFrame);
        try {
          await this.handle(frame);
        } catch (err) {
          return this.close(`${err instanceof Error ? err.message : String(err)}`);
        }
        if (this.queue.length <= MAX_QUEUED_FRAMES / 2 && this.socket.isPaused()) this.socket.resume();
        // one request per turn of the event loop: pipelined requests on one connection never starve the others
        if (this.queue.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.busy = false;
    }
  }

  private async handle(frame: Buffer): Promise<void> {
    const r = new Reader(frame);
    const apiKey = r.int16();
    const version = r.int16();
    const correlationId = r.int32();
    const clientId = r.nullableString() ?? '';
    const api = this.apis.get(apiKey);
    if (!api) return this.close(`unknown API key ${apiKey} (correlation id ${correlationId})`);
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
    const respond = await api.handle(this.broker, { version, clientId, clientHost: `/${this.socket.remoteAddress ?? ''}` }, r, w);
    if (respond) this.send(w);
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
