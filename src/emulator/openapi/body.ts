import type { IncomingMessage } from 'node:http';
import type { ApiError } from './errors.js';

/** Thrown when a client stops sending its body: the connection is dropped, there is no one to answer. */
export class StalledRequest extends Error {
  constructor(idleMs: number) {
    super(`no body bytes for ${idleMs} ms`);
    this.name = 'StalledRequest';
  }
}

export interface BodyLimits {
  /** The largest body accepted; a larger one (declared or sent) is refused with `tooLarge()`. */
  maxBytes: number;
  tooLarge: () => ApiError;
  /** Longest wait for the next chunk of the body. */
  idleMs: number;
}

/**
 * Reads a request body of at most `maxBytes`: a larger Content-Length is refused before any byte is
 * read, a chunked body as soon as it passes the limit, a stalled one after `idleMs`.
 */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBytes) return Promise.reject(limits.tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (err: Error) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      reject(err);
    };
    const timer = setTimeout(() => fail(new StalledRequest(limits.idleMs)), limits.idleMs);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) return fail(limits.tooLarge());
      chunks.push(chunk);
      timer.refresh();
    });
    req.on('end', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    req.on('error', fail);
  });
}
