import { KafkaOssError } from '../errors.js';

export type OssErrorKind = 'bad-credentials' | 'access-denied' | 'no-such-bucket' | 'no-such-key' | 'transient' | 'other';

/**
 * An OSS failure with what kind it is, so callers can retry (transient) or stop with a clear message. In a
 * module of its own so that code which only tells failures apart (the sink's writer) does not load ali-oss.
 */
export class OssError extends KafkaOssError {
  constructor(
    message: string,
    readonly kind: OssErrorKind,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}
