import { createHash } from 'node:crypto';
import OSS from 'ali-oss';
import { KafkaOssError } from '../errors.js';
import { regionOfOssEndpoint } from './oss-endpoint.js';
import { OssError, type OssErrorKind } from './oss-error.js';

export { regionOfOssEndpoint };

/** Where and as whom to reach one bucket. The secret is used to sign requests and never appears in output. */
export interface OssBucketOptions {
  bucket: string;
  /** e.g. https://oss-cn-hangzhou.aliyuncs.com or http://127.0.0.1:9000; default: derived from `region`. */
  endpoint?: string;
  /** e.g. cn-hangzhou (the `oss-` prefix is added when missing); default: the region the endpoint names. */
  region?: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
}

/** OSS requests are signed V4, which names the region: a client without one cannot be made. */
export class OssRegionMissingError extends KafkaOssError {}

function signingRegion(options: OssBucketOptions): string {
  const region = options.region ?? (options.endpoint ? regionOfOssEndpoint(options.endpoint) : undefined);
  if (!region) {
    throw new OssRegionMissingError(`OSS requests are signed V4, which needs the region: give it (e.g. cn-hangzhou), the endpoint ${options.endpoint ?? '(none)'} does not name one`);
  }
  return region.replace(/^oss-/, '');
}

/**
 * ali-oss options for V4 signing (OSS4-HMAC-SHA256, region in the `oss-cn-hangzhou` form): OSS refuses V1 from
 * new accounts since 2025-03-01 and on new buckets since 2025-09-01
 * (alibabacloud.com/en/notice/notice_on_the_discontinuation_of_the_oss_v1_signature_algorithm_40f).
 */
export function ossSigningOptions(region: string): { region: string; authorizationV4: true } {
  return { region: `oss-${region.replace(/^oss-/, '')}`, authorizationV4: true };
}

export { OssError, type OssErrorKind };

export interface OssObjectSummary {
  name: string;
  size: number;
  etag: string;
  lastModified: string;
}

export interface OssBucketClient {
  readonly bucket: string;
  put(name: string, body: Buffer | string, options?: { contentType?: string }): Promise<{ etag: string }>;
  get(name: string): Promise<Buffer>;
  /** Undefined when the object does not exist. */
  head(name: string): Promise<{ size: number; etag: string; lastModified: string } | undefined>;
  /** One page of objects under a prefix, in name order. */
  list(prefix: string, options?: { marker?: string; maxKeys?: number }): Promise<{ objects: OssObjectSummary[]; nextMarker?: string }>;
  /** Every object under a prefix (follows pages). */
  listAll(prefix: string): Promise<OssObjectSummary[]>;
  delete(name: string): Promise<void>;
}

export function createOssBucketClient(options: OssBucketOptions): OssBucketClient {
  return new AliOssBucketClient(options);
}

class AliOssBucketClient implements OssBucketClient {
  readonly bucket: string;
  private readonly client: OSS;

  constructor(options: OssBucketOptions) {
    this.bucket = options.bucket;
    const endpoint = options.endpoint;
    const config: OSS.Options & { retryMax?: number } = {
      bucket: options.bucket,
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      timeout: options.timeoutMs ?? 60_000,
      ...ossSigningOptions(signingRegion(options)),
      retryMax: 0,
    };
    if (options.securityToken) config.stsToken = options.securityToken;
    if (endpoint) {
      config.endpoint = endpoint;
      config.secure = endpoint.startsWith('https://');
    }
    this.client = new OSS(config);
  }

  async put(name: string, body: Buffer | string, options?: { contentType?: string }): Promise<{ etag: string }> {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    // Given the Content-MD5, ali-oss neither hashes the body again nor copies it first (Buffer.from) to do so.
    const contentMd5 = createHash('md5').update(data).digest('base64');
    const result = await this.call('PutObject', name, () =>
      this.client.put(name, data, { mime: options?.contentType ?? 'application/json', headers: { 'Content-MD5': contentMd5 } } as OSS.PutObjectOptions),
    );
    const headers = (result.res as { headers?: Record<string, string> }).headers ?? {};
    return { etag: headers.etag ?? '' };
  }

  async get(name: string): Promise<Buffer> {
    const result = await this.call('GetObject', name, () => this.client.get(name));
    const content: unknown = result.content;
    return Buffer.isBuffer(content) ? content : Buffer.from(String(content ?? ''), 'utf8');
  }

  async head(name: string): Promise<{ size: number; etag: string; lastModified: string } | undefined> {
    try {
      const result = await this.call('HeadObject', name, () => this.client.head(name));
      const headers = (result.res as { headers?: Record<string, string> }).headers ?? {};
      return { size: Number(headers['content-length'] ?? 0), etag: headers.etag ?? '', lastModified: headers['last-modified'] ?? '' };
    } catch (err) {
      if (err instanceof OssError && err.kind === 'no-such-key') return undefined;
      throw err;
    }
  }

  async list(prefix: string, options?: { marker?: string; maxKeys?: number }): Promise<{ objects: OssObjectSummary[]; nextMarker?: string }> {
    const query: OSS.ListObjectsQuery = { prefix, 'max-keys': options?.maxKeys ?? 1000 };
    if (options?.marker) query.marker = options.marker;
    const result = await this.call('ListObjects', prefix, () => this.client.list(query, {}));
    const objects = (result.objects ?? []).map((o) => ({ name: o.name, size: Number(o.size), etag: o.etag, lastModified: o.lastModified }));
    return result.isTruncated && result.nextMarker ? { objects, nextMarker: result.nextMarker } : { objects };
  }

  async listAll(prefix: string): Promise<OssObjectSummary[]> {
    const all: OssObjectSummary[] = [];
    let marker: string | undefined;
    do {
      const page = await this.list(prefix, marker ? { marker } : {});
      all.push(...page.objects);
      marker = page.nextMarker;
    } while (marker);
    return all;
  }

  async delete(name: string): Promise<void> {
    await this.call('DeleteObject', name, () => this.client.delete(name));
  }

  private async call<T>(action: string, name: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw toOssError(err, action, this.bucket, name);
    }
  }
}

/** Maps an ali-oss error to a message naming the bucket, the object and, for AccessDenied, the permission. */
export function toOssError(err: unknown, action: string, bucket: string, name: string): OssError {
  const e = (err ?? {}) as { status?: number; code?: string; name?: string; message?: string; requestId?: string };
  const status = typeof e.status === 'number' ? e.status : -1;
  const code = e.code ?? e.name ?? 'Error';
  const detail = (e.message ?? String(err)).split('\n')[0] ?? '';
  const request = e.requestId ? ` (request ${e.requestId})` : '';
  if (code === 'SignatureDoesNotMatch' || code === 'InvalidAccessKeyId') {
    return new OssError(
      `OSS refused the credentials (${code}): check the AccessKey ID and that the secret belongs to it${request}`,
      'bad-credentials',
      status,
      code,
    );
  }
  if (code === 'AccessDenied' || status === 403) {
    return new OssError(
      `OSS denied ${action} on ${bucket}/${name}: the AccessKey needs oss:${action} on acs:oss:*:*:${bucket}/${name}${request}: ${detail}`,
      'access-denied',
      status,
      code,
    );
  }
  if (code === 'NoSuchBucket') return new OssError(`OSS bucket "${bucket}" does not exist at this endpoint${request}`, 'no-such-bucket', status, code);
  if (code === 'NoSuchKey' || (status === 404 && action !== 'ListObjects')) {
    return new OssError(`object ${bucket}/${name} does not exist${request}`, 'no-such-key', status, code);
  }
  const transient = status >= 500 || status <= 0 || /timeout|RequestError|ECONNRESET|ECONNREFUSED|EPIPE|socket hang up/i.test(`${code} ${e.name ?? ''} ${detail}`);
  return new OssError(`OSS ${action} ${bucket}/${name} failed: ${status > 0 ? `HTTP ${status} ` : ''}${code}${request}: ${detail}`, transient ? 'transient' : 'other', status, code);
}
