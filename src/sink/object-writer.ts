import type { OssBucketClient } from '../cloud/oss.js';
import { OssError } from '../cloud/oss-error.js';
import { KafkaOssError } from '../errors.js';
import { backoffMs, sleep } from './retry.js';

/**
 * Writes one finished object; resolves once it is durable, or throws a SinkFatalError. `cancel` stops the
 * retries (WriteCancelledError): the writer's partition may belong to another member by now.
 */
export interface ObjectWriter {
  /** `range`: the offsets the object holds (for writers that journal them). */
  write(name: string, body: Buffer, cancel?: AbortSignal, range?: { firstOffset: number; lastOffset: number }): Promise<void>;
}

/** The write was given up because its partition's group generation ended; nothing is lost, the next owner replays. */
export class WriteCancelledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteCancelledError';
  }
}

/** A failure retrying cannot fix (permission, missing bucket, retries exhausted): the sink stops and says why. */
export class SinkFatalError extends KafkaOssError {}

export interface RetryPolicy {
  /** Attempts per object before giving up (the first try included). */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 30, baseDelayMs: 100, maxDelayMs: 5_000 };

/**
 * PutObject with exponential backoff on 5xx, timeouts and connection errors. AccessDenied and NoSuchBucket
 * stop at once with the permission or the bucket named.
 */
export function ossObjectWriter(
  client: OssBucketClient,
  options: { prefix: string; retry?: RetryPolicy; log?: (line: string) => void; signal?: AbortSignal },
): ObjectWriter {
  const retry = options.retry ?? DEFAULT_RETRY;
  const resource = `acs:oss:*:*:${client.bucket}/${options.prefix}*`;
  return {
    async write(name, data, cancel) {
      const stop = cancel && options.signal ? AbortSignal.any([cancel, options.signal]) : (cancel ?? options.signal);
      for (let attempt = 0; ; attempt += 1) {
        if (cancel?.aborted) throw new WriteCancelledError(`write of ${name} given up after ${attempt} attempt(s): the partition's group generation ended`);
        try {
          await client.put(name, data, { contentType: 'application/json' });
          return;
        } catch (err) {
          if (!(err instanceof OssError)) throw err;
          if (err.kind === 'access-denied') {
            throw new SinkFatalError(`OSS denied writing ${client.bucket}/${name}: grant the AccessKey oss:PutObject on ${resource} (${err.code})`);
          }
          if (err.kind === 'bad-credentials') throw new SinkFatalError(err.message);
          if (err.kind === 'no-such-bucket') throw new SinkFatalError(`OSS bucket "${client.bucket}" does not exist; create it or fix the bucket name`);
          if (err.kind !== 'transient' || attempt + 1 >= retry.attempts || options.signal?.aborted) {
            throw new SinkFatalError(`could not write ${client.bucket}/${name} after ${attempt + 1} attempt(s): ${err.message}`);
          }
          const delay = backoffMs(attempt, retry.baseDelayMs, retry.maxDelayMs);
          options.log?.(`OSS write of ${name} failed (${err.message}); retry ${attempt + 1} in ${delay} ms`);
          await sleep(delay, stop);
        }
      }
    },
  };
}
