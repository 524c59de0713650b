import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { accessDenied, invalidArgument, ossError, payloadHashRefused, presignedExpiryRefused, v1SignatureRefused } from './errors.js';

/** Query parameters OSS includes in a V1 signature's canonicalized resource. */
const SUBRESOURCES = new Set([
  'acl', 'uploads', 'location', 'cors', 'logging', 'website', 'referer', 'lifecycle', 'delete', 'append', 'tagging', 'objectMeta',
  'uploadId', 'partNumber', 'security-token', 'position', 'img', 'style', 'styleName', 'replication', 'replicationProgress',
  'replicationLocation', 'cname', 'bucketInfo', 'comp', 'qos', 'live', 'status', 'vod', 'startTime', 'endTime', 'symlink',
  'x-oss-process', 'response-content-type', 'response-content-language', 'response-expires', 'response-cache-control',
  'response-content-disposition', 'response-content-encoding', 'restore', 'callback', 'callback-var', 'stat', 'encryption',
  'versions', 'versioning', 'versionId', 'continuation-token', 'policy', 'requestPayment', 'x-oss-traffic-limit', 'asyncFetch', 'inventory', 'worm',
]);

const MAX_SKEW_MS = 15 * 60 * 1000;
/** A V4 presigned URL is valid for 1 s to 7 days (help.aliyun.com/en/oss/user-guide/0002-00000232). */
const MAX_PRESIGNED_V4_SECONDS = 604_800;

export interface SignedOssRequest {
  method: string;
  headers: IncomingHttpHeaders;
  bucket?: string;
  key?: string;
  /** Query parameters in order; null for a parameter given without "=". */
  query: Array<[string, string | null]>;
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
};

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkSkew(dateText: string | undefined, v4: boolean): void {
  if (!dateText) throw accessDenied('The request has no Date or x-oss-date header.');
  const time = v4 ? Date.parse(dateText.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) : Date.parse(dateText);
  if (Number.isNaN(time)) throw accessDenied(`The request date ${JSON.stringify(dateText)} is not valid.`);
  if (Math.abs(Date.now() - time) > MAX_SKEW_MS) {
    throw ossError('RequestTimeTooSkewed', { RequestTime: dateText, ServerTime: new Date().toISOString() });
  }
}

const unknownKey = (id: string) => ossError('InvalidAccessKeyId', { OSSAccessKeyId: id });
const mismatch = (id: string, stringToSign: string) => ossError('SignatureDoesNotMatch', { OSSAccessKeyId: id, StringToSign: stringToSign });

/** Who may sign how: the keys' secrets, the server's region, and whether V1 signatures are still accepted. */
export interface SignaturePolicy {
  secretOf(id: string): string | undefined;
  region: string;
  allowV1: boolean;
}

/**
 * Verifies a request's signature (V4 `OSS4-HMAC-SHA256`, or V1 `OSS ak:sig` where allowed) and returns the AccessKey ID.
 * V1 (header or presigned URL) is refused unless allowed: OSS no longer accepts it from new accounts (2025-03-01)
 * nor on new buckets (2025-09-01) — alibabacloud.com/en/notice/notice_on_the_discontinuation_of_the_oss_v1_signature_algorithm_40f.
 */
export function authenticate(req: SignedOssRequest, policy: SignaturePolicy): string {
  const authorization = header(req.headers, 'authorization');
  const params = new Map(req.query);
  const presignedV1 = !authorization && params.has('OSSAccessKeyId') && params.has('Signature');
  if ((presignedV1 || authorization?.startsWith('OSS ')) && !policy.allowV1) throw v1SignatureRefused();
  if (presignedV1) return verifyPresignedV1(req, params, policy.secretOf);
  if (!authorization && params.get('x-oss-signature-version') === 'OSS4-HMAC-SHA256') return verifyPresignedV4(req, params, policy.secretOf, policy.region);
  if (!authorization) throw accessDenied('AccessDenied: anonymous access is forbidden for this operation.');
  if (authorization.startsWith('OSS4-HMAC-SHA256 ')) return verifyV4(req, authorization, policy.secretOf, policy.region);
  if (authorization.startsWith('OSS ')) return verifyV1(req, authorization, policy.secretOf);
  throw invalidArgument('Authorization', authorization.split(' ')[0] ?? '', 'Authorization header is invalid.');
}

function verifyV1(req: SignedOssRequest, authorization: string, secretOf: (id: string) => string | undefined): string {
  const match = /^OSS ([^:]+):(.+)$/.exec(authorization);
  if (!match) throw ossError('InvalidArgument', {}, 'Authorization header is invalid.');
  const [, id, signature] = match as unknown as [string, string, string];
  const secret = secretOf(id);
  if (secret === undefined) throw unknownKey(id);
  const date = header(req.headers, 'x-oss-date') ?? header(req.headers, 'date');
  checkSkew(date, false);
  checkV1Signature(req, id, secret, date ?? '', signature);
  return id;
}

/** A V1 presigned URL: `?OSSAccessKeyId=&Expires=<unix seconds>&Signature=`, the expiry taking the Date's place. */
function verifyPresignedV1(req: SignedOssRequest, params: Map<string, string | null>, secretOf: (id: string) => string | undefined): string {
  const id = params.get('OSSAccessKeyId') ?? '';
  const secret = secretOf(id);
  if (secret === undefined) throw unknownKey(id);
  const expires = params.get('Expires') ?? '';
  if (!/^\d+$/.test(expires)) throw invalidArgument('Expires', expires, `The Expires parameter must be a unix time in seconds; got ${JSON.stringify(expires)}.`);
  if (Number(expires) * 1000 < Date.now()) throw accessDenied('Request has expired.');
  checkV1Signature(req, id, secret, expires, params.get('Signature') ?? '');
  return id;
}

function checkV1Signature(req: SignedOssRequest, id: string, secret: string, date: string, signature: string): void {
  const ossHeaders = Object.keys(req.headers)
    .filter((k) => k.startsWith('x-oss-'))
    .sort()
    .map((k) => `${k}:${(header(req.headers, k) ?? '').trim()}`);
  const subresources = req.query
    .filter(([k]) => SUBRESOURCES.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => (v === null || v === '' ? k : `${k}=${v}`));
  const resource = `/${req.bucket ? `${req.bucket}/` : ''}${req.key ?? ''}${subresources.length ? `?${subresources.join('&')}` : ''}`;
  const stringToSign = [req.method, header(req.headers, 'content-md5') ?? '', header(req.headers, 'content-type') ?? '', date, ...ossHeaders, resource].join('\n');
  const expected = createHmac('sha1', secret).update(Buffer.from(stringToSign, 'utf8')).digest('base64');
  if (!same(expected, signature)) throw mismatch(id, stringToSign);
}

const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function verifyV4(req: SignedOssRequest, authorization: string, secretOf: (id: string) => string | undefined, region: string): string {
  const fields = Object.fromEntries(
    authorization.slice('OSS4-HMAC-SHA256 '.length).split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  ) as Record<string, string>;
  const date = header(req.headers, 'x-oss-date');
  const payloadHash = header(req.headers, 'x-oss-content-sha256');
  if (payloadHash !== undefined && payloadHash !== 'UNSIGNED-PAYLOAD') throw payloadHashRefused(payloadHash);
  const credential = parseCredential(fields.Credential ?? '', secretOf, region);
  checkSkew(date, true);
  checkV4Signature(req, credential, date ?? '', fields.AdditionalHeaders, fields.Signature ?? '', req.query);
  return credential.id;
}

/** A V4 presigned URL: `x-oss-signature-version`, `x-oss-credential`, `x-oss-date`, `x-oss-expires` (seconds), `x-oss-signature`. */
function verifyPresignedV4(req: SignedOssRequest, params: Map<string, string | null>, secretOf: (id: string) => string | undefined, region: string): string {
  const credential = parseCredential(params.get('x-oss-credential') ?? '', secretOf, region);
  const date = params.get('x-oss-date') ?? '';
  const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const expires = params.get('x-oss-expires') ?? '';
  if (Number.isNaN(signedAt)) throw invalidArgument('x-oss-date', date, `x-oss-date must be yyyyMMddTHHmmssZ; got ${JSON.stringify(date)}.`);
  if (!/^\d+$/.test(expires)) throw invalidArgument('x-oss-expires', expires, `x-oss-expires must be a number of seconds; got ${JSON.stringify(expires)}.`);
  if (Number(expires) < 1 || Number(expires) > MAX_PRESIGNED_V4_SECONDS) throw presignedExpiryRefused(expires);
  if (signedAt + Number(expires) * 1000 < Date.now()) throw accessDenied('Request has expired.');
  const signed = req.query.filter(([k]) => k !== 'x-oss-signature');
  checkV4Signature(req, credential, date, params.get('x-oss-additional-headers') ?? undefined, params.get('x-oss-signature') ?? '', signed);
  return credential.id;
}

interface V4Credential { id: string; secret: string; scopeDate: string; scopeRegion: string }

function parseCredential(text: string, secretOf: (id: string) => string | undefined, region: string): V4Credential {
  const [id, scopeDate, scopeRegion, product, terminator] = text.split('/');
  if (!id || !scopeDate || !scopeRegion || product !== 'oss' || terminator !== 'aliyun_v4_request') {
    throw ossError('InvalidArgument', {}, `The V4 credential must be <AccessKeyId>/<yyyyMMdd>/<region>/oss/aliyun_v4_request; got ${JSON.stringify(text.split('/').slice(1).join('/'))} after the AccessKey ID.`);
  }
  const secret = secretOf(id);
  if (secret === undefined) throw unknownKey(id);
  if (scopeRegion !== region) throw ossError('InvalidArgument', {}, `Invalid signing region in the credential: expected ${region}, got ${scopeRegion}.`);
  return { id, secret, scopeDate, scopeRegion };
}

function checkV4Signature(req: SignedOssRequest, cred: V4Credential, date: string, additionalHeaders: string | undefined, signature: string, query: Array<[string, string | null]>): void {
  const additional = additionalHeaders ? additionalHeaders.split(';') : [];
  const signedHeaders = new Set(additional);
  for (const k of Object.keys(req.headers)) if (k === 'content-type' || k === 'content-md5' || k.startsWith('x-oss-')) signedHeaders.add(k);
  const canonicalHeaders = [...signedHeaders].sort().map((k) => `${k}:${(header(req.headers, k) ?? '').trim()}\n`).join('');
  const canonicalUri = encode(`/${req.bucket ? `${req.bucket}/` : ''}${req.key ?? ''}`).replace(/%2F/g, '/');
  const signingKey = v4SigningKey(cred);
  const stringToSignFor = (canonicalQuery: string) => {
    const canonicalRequest = [req.method, canonicalUri, canonicalQuery, canonicalHeaders, additional.join(';'), header(req.headers, 'x-oss-content-sha256') ?? 'UNSIGNED-PAYLOAD'].join('\n');
    return ['OSS4-HMAC-SHA256', date, `${cred.scopeDate}/${cred.scopeRegion}/oss/aliyun_v4_request`, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  };
  // A parameter given as `k=` (empty value) is signed `k=` by ali-oss (qs with strictNullHandling) and `k` by
  // other signers; both name the same request, so either is accepted. `k` without "=" is always signed `k`.
  const variants = query.some(([, v]) => v === '') ? [true, false] : [true];
  let stringToSign = '';
  for (const emptyWithEquals of variants) {
    stringToSign = stringToSignFor(canonicalQueryOf(query, emptyWithEquals));
    if (same(createHmac('sha256', signingKey).update(stringToSign).digest('hex'), signature)) return;
  }
  throw mismatch(cred.id, stringToSign);
}

function canonicalQueryOf(query: Array<[string, string | null]>, emptyWithEquals: boolean): string {
  return [...query]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => (v === null || (v === '' && !emptyWithEquals) ? encode(k) : `${encode(k)}=${encode(v)}`))
    .join('&');
}

function v4SigningKey(cred: V4Credential): Buffer {
  const signingDate = createHmac('sha256', `aliyun_v4${cred.secret}`).update(cred.scopeDate).digest();
  const signingRegion = createHmac('sha256', signingDate).update(cred.scopeRegion).digest();
  const signingOss = createHmac('sha256', signingRegion).update('oss').digest();
  return createHmac('sha256', signingOss).update('aliyun_v4_request').digest();
}
