import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';

/** Kafka frames: an INT32 size, then that many bytes (kafka.apache.org/protocol#protocol_common). */
const SIZE_BYTES = 4;
const INITIAL_CAPACITY = 1024 * 1024;

export interface FrameSocketOptions {
  host: string;
  port: number;
  /** TLS options; absent: plaintext. */
  tls?: ConnectionOptions;
  connectionTimeoutMs: number;
}

/** The connection closed or failed; whatever was being asked is lost. */
export class ConnectionClosedError extends Error {}

/**
 * One socket to a broker that carries one request at a time, and reads each response frame straight into one
 * buffer kept for the connection's life (Node's `onread`): no chunk per read, no concatenation. The frame handed
 * back is a view of that buffer, valid until the next `exchange`; the buffer grows when a frame does not fit.
 */
export class FrameSocket {
  private readonly socket: Socket;
  private buffer = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private filled = 0;
  private waiting: { resolve: (frame: Buffer) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;

  private constructor(options: FrameSocketOptions, onConnect: (error?: Error) => void) {
    const onread = { buffer: () => this.nextReadTarget(), callback: (bytes: number) => this.onBytes(bytes) };
    this.socket = options.tls
      ? // Node's TLS sockets take onread too (tls.connect: "see the onread option of net.Socket"); @types/node 20 omits it
        connectTls({ ...options.tls, host: options.host, port: options.port, onread } as ConnectionOptions)
      : connectTcp({ host: options.host, port: options.port, onread });
    this.socket.setNoDelay(true);
    const timer = setTimeout(() => this.socket.destroy(new Error(`connection timed out after ${options.connectionTimeoutMs} ms`)), options.connectionTimeoutMs);
    this.socket.once(options.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      onConnect();
    });
    this.socket.on('error', (error) => {
      clearTimeout(timer);
      this.fail(error);
      onConnect(error);
    });
    this.socket.on('close', () => this.fail(new ConnectionClosedError(`the broker ${options.host}:${options.port} closed the connection`)));
  }

  static open(options: FrameSocketOptions): Promise<FrameSocket> {
    return new Promise((resolve, reject) => {
      const socket: FrameSocket = new FrameSocket(options, (error) => (error ? reject(error) : resolve(socket)));
    });
  }

  /**
   * Sends one request frame and resolves with the response frame (size excluded), a view valid until the next
   * exchange. No answer within `timeoutMs` closes the connection.
   */
  exchange(request: Buffer, timeoutMs: number): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiting) return Promise.reject(new Error('a request is already waiting for its response on this connection'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.socket.destroy(new Error(`no answer from the broker within ${timeoutMs} ms`)), timeoutMs);
      const settle = () => clearTimeout(timer);
      this.waiting = {
        resolve: (frame) => (settle(), resolve(frame)),
        reject: (error) => (settle(), reject(error)),
      };
      this.filled = 0;
      this.socket.write(request);
      this.socket.resume();
    });
  }

  close(): void {
    this.fail(new ConnectionClosedError('the connection was closed'));
    this.socket.destroy();
  }

  /** Where the next read lands: after what the frame has so far, in a buffer the whole frame fits in. */
  private nextReadTarget(): Buffer {
    const size = this.filled >= SIZE_BYTES ? SIZE_BYTES + this.buffer.readInt32BE(0) : 0;
    if (size > this.buffer.length) {
      // doubling: frames grow by small steps (whole batches past the partition limit), and each old buffer is
      // garbage that only a full GC frees; the part a frame does not fill is never touched, so costs no RSS
      const grown = Buffer.allocUnsafe(Math.max(size, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.filled);
      this.buffer = grown;
    }
    // Reads never run past the frame: the broker sends nothing before the next request.
    return this.buffer.subarray(this.filled, size > 0 ? size : this.buffer.length);
  }

  /** Bytes arrived in the read target; a whole frame resolves the exchange and stops reading until the next. */
  private onBytes(bytes: number): boolean {
    this.filled += bytes;
    const waiting = this.waiting;
    if (!waiting) {
      this.socket.destroy(new Error(`the broker sent ${bytes} bytes nobody asked for`));
      return false;
    }
    if (this.filled < SIZE_BYTES) return true;
    const size = this.buffer.readInt32BE(0);
    if (size < 0) {
      this.socket.destroy(new Error(`the broker sent a frame of negative size ${size}`));
      return false;
    }
    if (this.filled < SIZE_BYTES + size) return true;
    this.waiting = undefined;
    const frame = this.buffer.subarray(SIZE_BYTES, SIZE_BYTES + size);
    this.filled = 0;
    waiting.resolve(frame);
    return false;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.failure);
  }
}
