import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { gatewayErrors } from './errors.js';

/** What the ACS3 signature check needs of a request: everything but the body, which the signature covers by its hash. */
export interface SignedRequest {
  method: string;
  /** The path exactly as sent, still percent-encoded, without the query. */
  rawPath: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

/** Who signed a request, and with which nonce at what time (for replay checks). */
export interface Signer { accessKeyId: string; nonce: string; signedAt: number }

const ACS3 = 'ACS3-HMAC-SHA256';
/** A signed request is valid this long either side of its timestamp (the gateway's 15 minutes). */
export const MAX_SKEW_MS = 15 * 60 * 1000;

/** RFC 3986 encoding as the Alibaba signers use it. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A header by name; a signed-header list may name anything, `constructor` included, so only own headers count. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return Array.isArray(value) ? value.join(',') : value;
}

function equalSignatures(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Verifies a V3 (ACS3-HMAC-SHA256) signature, the scheme the official TypeScript SDKs use, from the
 * headers alone: the body is covered by `x-acs-content-sha256`, checked by `checkContentHash` once
 * the body has been read. `secretOf` answers undefined for an unknown key.
 */
export function verifyAcs3(req: SignedRequest, secretOf: (accessKeyId: string) => string | undefined): Signer {
  const authorization = header(req.headers, 'authorization') ?? '';
  const match = /^(\S+) Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]+)$/.exec(authorization);
  if (!match) throw gatewayErrors.missingAuthorization();
  const [, algorithm, accessKeyId, signedHeaderList, signature] = match as unknown as [string, string, string, string, string];
  if (algorithm !== ACS3) throw gatewayErrors.unsupportedAlgorithm(algorithm);
  const secret = secretOf(accessKeyId);
  if (secret === undefined) throw gatewayErrors.accessKeyNotFound();

  const date = header(req.headers, 'x-acs-date');
  if (!date || Number.isNaN(Date.parse(date))) throw gatewayErrors.missingTimestamp();
  if (Math.abs(Date.now() - Date.parse(date)) > MAX_SKEW_MS) throw gatewayErrors.timestampExpired(`x-acs-date: ${date}`);
  const payloadHash = header(req.headers, 'x-acs-content-sha256') ?? '';

  const signedHeaders = signedHeaderList.split(';');
  for (const required of ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!signedHeaders.includes(required)) throw gatewayErrors.unsignedHeader(required);
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
  if (!equalSignatures(expected, signature)) throw gatewayErrors.signatureMismatch();
  return { accessKeyId, nonce: header(req.headers, 'x-acs-signature-nonce') ?? '', signedAt: Date.parse(date) };
}

/** The body an ACS3 signature covered: its SHA-256 must be the signed `x-acs-content-sha256`. */
export function checkContentHash(headers: IncomingHttpHeaders, body: Buffer): void {
  if (header(headers, 'x-acs-content-sha256') !== createHash('sha256').update(body).digest('hex')) throw gatewayErrors.contentHashMismatch();
}

/**
 * Verifies the older RPC signature (HMAC-SHA1 over the sorted, encoded parameters, `Signature`
 * parameter), still used by other clients such as the aliyun CLI's RPC mode.
 */
export function verifyRpcV1(method: string, params: Record<string, string>, secretOf: (accessKeyId: string) => string | undefined): Signer {
  const accessKeyId = params.AccessKeyId;
  const signature = params.Signature;
  if (!accessKeyId || !signature) throw gatewayErrors.missingAccessKeyId();
  const secret = secretOf(accessKeyId);
  if (secret === undefined) throw gatewayErrors.accessKeyNotFound();
  if (params.SignatureMethod !== 'HMAC-SHA1') throw gatewayErrors.unsupportedSignatureMethod(params.SignatureMethod);
  const timestamp = params.Timestamp ?? '';
  if (Number.isNaN(Date.parse(timestamp)) || Math.abs(Date.now() - Date.parse(timestamp)) > MAX_SKEW_MS) {
    throw gatewayErrors.timestampExpired(`Timestamp: ${timestamp}`);
  }
  const canonical = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  const expected = createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
  if (!equalSignatures(expected, signature)) throw gatewayErrors.signatureMismatch();
  return { accessKeyId, nonce: params.SignatureNonce ?? '', signedAt: Date.parse(timestamp) };
}
