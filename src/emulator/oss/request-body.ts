import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ossError } from './errors.js';
import type { ObjectStorage, StagedBody } from './storage.js';

/** What an operation does with the request body: ignores it, parses it (XML, bounded), or stores it (streamed). */
export type BodyKind = 'none' | 'xml' | 'object';

/** The largest body this server stores from one request (a PUT or a part). */
const MAX_OBJECT_BYTES = 1024 * 1024 * 1024;
/**
 * The largest XML body it parses: above DeleteMultipleObjects' 1 000 keys of up to 1 023 bytes, escaped, and
 * CompleteMultipartUpload's 10 000 parts.
 */
const MAX_XML_BYTES = 8 * 1024 * 1024;

/** A request body as its operation needs it: small XML in memory, an object's bytes staged on disk. */
export class RequestBody {
  private digest: Buffer | undefined;

  private constructor(
    private readonly bytes: Buffer,
    private readonly stagedBody: StagedBody | undefined,
  ) {}

  static readonly empty = new RequestBody(Buffer.alloc(0), undefined);

  get size(): number {
    return this.stagedBody?.size ?? this.bytes.length;
  }

  text(): string {
    return this.bytes.toString('utf8');
  }

  /** The MD5 of the body, computed once. */
  md5(): Buffer {
    this.digest ??= this.stagedBody?.md5 ?? createHash('md5').update(this.bytes).digest();
    return this.digest;
  }

  /** The body streamed to disk, for operations that store it. */
  staged(): StagedBody {
    if (!this.stagedBody) throw new Error('this operation did not stage its request body');
    return this.stagedBody;
  }

  /** Removes a staged body the operation did not store. */
  async discard(): Promise<void> {
    await this.stagedBody?.discard();
  }

  /**
   * Reads the body as `kind` says. A body to store streams to disk as it arrives (memory stays flat whatever its
   * size); the request stream is left open on failure, so the error can still be answered (Node drains the rest).
   */
  static async read(kind: BodyKind, req: IncomingMessage, store: ObjectStorage): Promise<RequestBody> {
    if (kind === 'none') return RequestBody.empty;
    if (kind === 'object') {
      try {
        return new RequestBody(Buffer.alloc(0), await store.stage(req.iterator({ destroyOnReturn: false }), MAX_OBJECT_BYTES));
      } catch (err) {
        req.resume(); // drain the rest, so the answer goes out and the connection stays usable
        throw err;
      }
    }
    return new RequestBody(await readBuffered(req, MAX_XML_BYTES), undefined);
  }
}

/** Reads a small body whole; more than `maxBytes` is EntityTooLarge (the rest is drained by Node). */
function readBuffered(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) reject(ossError('EntityTooLarge'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}
