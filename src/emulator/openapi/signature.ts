import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './api-error.js';

/** What the signature checks need of a request. */
export interface SignedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded, without the query. */
  rawPath: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const ACS3 = 'ACS3-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 encoding as the Alibaba signers use it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function equalSignatures(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies a V3 (ACS3-HMAC-SHA256) signature, the scheme the official TypeScript SDKs use, and
 * returns the AccessKey ID. `secretOf` answers undefined for an unknown key.
 */
export function verifyAcs3(req: SignedRequest, secretOf: (accessKeyId: string) => string | undefined): string {
  const authorization = header(req.headers, 'authorization') ?? '';
  const match = /^(\S+) Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(authorization);
  if (!match) throw new ApiError(400, 'MissingAuthorization', 'The Authorization header is missing or is not an ACS3 signature.');
  const [, algorithm, accessKeyId, signedHeaderList, signature] = match as unknown as [string, string, string, string, string];
  if (algorithm !== ACS3) throw new ApiError(400, 'InvalidSignatureMethod', `The signature algorithm ${algorithm} is not supported.`);
  const secret = secretOf(accessKeyId);
  if (secret === undefined) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');

  const date = header(req.headers, 'x-acs-date');
  if (!date || Number.isNaN(Date.parse(date))) throw new ApiError(400, 'MissingTimestamp', 'The x-acs-date header is missing or malformed.');
  if (Math.abs(Date.now() - Date.parse(date)) > MAX_SKEW_MS) {
    throw new ApiError(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired (x-acs-date: ${date}).`);
  }
  const payloadHash = createHash('sha256').update(req.body).digest('hex');
  if (header(req.headers, 'x-acs-content-sha256') !== payloadHash) {
    throw new ApiError(400, 'IncompleteSignature', 'The x-acs-content-sha256 header does not match the request body.');
  }

  const signedHeaders = signedHeaderList.split(';');
  for (const required of ['host', 'x-acs-date', 'x-acs-signature-nonce']) {
    if (!signedHeaders.includes(required)) throw new ApiError(400, 'IncompleteSignature', `The signature must cover the ${required} header.`);
  }
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${(header(req.headers, name) ?? '').trim()}\n`).join('');
  const canonicalQuery = Object.keys(req.query)
    .sort()
    .map((key) => `${key}=${percentEncode(req.query[key] ?? '')}`)
    .join('&');
  const canonicalPath = req.rawPath.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  const canonicalRequest = [req.method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
  const stringToSign = `${ACS3}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const expected = createHmac('sha256', secret).update(stringToSign).digest('hex');
  if (!equalSignatures(expected, signature)) {
    throw new ApiError(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.');
  }
  return accessKeyId;
}

/**
 * Verifies the older RPC signature (HMAC-SHA1 over the sorted, encoded parameters, `Signature`
 * parameter), still used by other clients such as the aliyun CLI's RPC mode.
 */
export function verifyRpcV1(method: string, params: Record<string, string>, secretOf: (accessKeyId: string) => string | undefined): string {
  const accessKeyId = params.AccessKeyId;
  const signature = params.Signature;
  if (!accessKeyId || !signature) throw new ApiError(400, 'MissingAccessKeyId', 'AccessKeyId is mandatory for this action.');
  const secret = secretOf(accessKeyId);
  if (secret === undefined) throw new ApiError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
  if (params.SignatureMethod !== 'HMAC-SHA1') throw new ApiError(400, 'InvalidSignatureMethod', `The signature method ${params.SignatureMethod} is not supported.`);
  const timestamp = params.Timestamp ?? '';
  if (Number.isNaN(Date.parse(timestamp)) || Math.abs(Date.now() - Date.parse(timestamp)) > MAX_SKEW_MS) {
    throw new ApiError(400, 'InvalidTimeStamp.Expired', `Specified time stamp or date value is expired (Timestamp: ${timestamp}).`);
  }
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
  if (!equalSignatures(expected, signature)) {
    throw new ApiError(400, 'SignatureDoesNotMatch', 'Specified signature does not match our calculation.');
  }
  return accessKeyId;
}
