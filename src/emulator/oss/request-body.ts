import type { IncomingMessage } from 'node:http';
import { md5OfChunks } from './store.js';

/**
 * A request body as it arrived, in chunks. PutObject and UploadPart write the chunks to disk as they are
 * (writev): joining a 4 MiB body first would copy it into freshly allocated memory for nothing. The few
 * actions that parse their body (XML) join it on demand.
 */
export class RequestBody {
  private joined: Buffer | undefined;
  private digest: Buffer | undefined;

  constructor(
    readonly chunks: readonly Buffer[],
    readonly size: number,
  ) {}

  static readonly empty = new RequestBody([], 0);

  bytes(): Buffer {
    this.joined ??= this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks as Buffer[], this.size);
    return this.joined;
  }

  text(): string {
    return this.bytes().toString('utf8');
  }

  /** The MD5 of the body, computed once. */
  md5(): Buffer {
    this.digest ??= md5OfChunks(this.chunks);
    return this.digest;
  }
}

/** Reads the whole body; more than `maxBytes` rejects with `tooLarge()` (the rest is drained by Node). */
export function readBody(req: IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) reject(tooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(new RequestBody(chunks, size)));
    req.on('error', reject);
  });
}
