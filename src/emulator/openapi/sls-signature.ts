import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { slsErrors } from './errors.js';
import { MAX_SKEW_MS, type SignedRequest } from './signature.js';

/*
 * Log Service's own request signature, V1 (help.aliyun.com/document_detail/29012.html, "请求签名"):
 *   Authorization: LOG <AccessKeyId>:<Signature>
 *   Signature = Base64(HMAC-SHA1 or HMAC-SHA256 (x-log-signaturemethod) of
 *     VERB \n CONTENT-MD5 \n CONTENT-TYPE \n DATE \n CanonicalizedLOGHeaders + CanonicalizedResource)
 * CanonicalizedLOGHeaders: every x-log-* and x-acs-* header, names lower case, sorted, `name:value\n` each;
 * CanonicalizedResource: the path, then `?` and the query parameters sorted by name as `name=value` joined by `&`,
 * values not encoded. Date is RFC 1123 and may be at most 15 minutes off (RequestTimeExpired, error codes, 29013).
 * Content-MD5 is the body's MD5 in upper-case hex. V4 (SLS4-HMAC-SHA256) is not modelled.
 */

const ALGORITHMS: Record<string, 'sha1' | 'sha256'> = { 'hmac-sha1': 'sha1', 'hmac-sha256': 'sha256' };

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
  return (Array.isArray(value) ? value.join(',') : value) ?? '';
}

export function stringToSign(req: SignedRequest): string {
  const logHeaders = Object.keys(req.headers)
    .filter((name) => name.startsWith('x-log-') || name.startsWith('x-acs-'))
    .sort()
    .map((name) => `${name}:${header(req.headers, name)}\n`)
    .join('');
  const params = Object.keys(req.query).sort().map((name) => `${name}=${req.query[name]}`);
  const resource = `${decodeURIComponent(req.rawPath)}${params.length > 0 ? `?${params.join('&')}` : ''}`;
  return `${req.method}\n${header(req.headers, 'content-md5')}\n${header(req.headers, 'content-type')}\n${header(req.headers, 'date')}\n${logHeaders}${resource}`;
}

/** The AccessKey that signed a Log Service request, checked from its headers (the body is covered by Content-MD5). */
export function verifySlsV1(req: SignedRequest, secretOf: (accessKeyId: string) => string | undefined, now = Date.now()): string {
  const authorization = header(req.headers, 'authorization');
  if (authorization.startsWith('SLS4-HMAC-SHA256')) throw slsErrors.signatureV4NotModelled();
  const match = /^LOG ([^:\s]+):(\S+)$/.exec(authorization);
  if (!match) throw slsErrors.authorizationInvalid();
  const [, accessKeyId, signature] = match as unknown as [string, string, string];
  const method = header(req.headers, 'x-log-signaturemethod') || 'hmac-sha1';
  const algorithm = ALGORITHMS[method];
  if (!algorithm) throw slsErrors.signatureMethodInvalid(method);
  const date = header(req.headers, 'date');
  const signedAt = /GMT$/.test(date) ? Date.parse(date) : NaN;
  if (Number.isNaN(signedAt)) throw slsErrors.requestTimeInvalid(date);
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) throw slsErrors.requestTimeExpired(date, new Date(now).toUTCString());
  const secret = secretOf(accessKeyId);
  if (secret === undefined) throw slsErrors.accessKeyNotFound(accessKeyId);
  const expected = createHmac(algorithm, secret).update(stringToSign(req), 'utf8').digest('base64');
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw slsErrors.signatureMismatch(signature);
  return accessKeyId;
}

/** A body must have the Content-MD5 the signature covered; an empty one may carry none. */
export function checkContentMd5(headers: IncomingHttpHeaders, body: Buffer): void {
  const declared = header(headers, 'content-md5');
  if (body.length === 0 && !declared) return;
  if (createHash('md5').update(body).digest('hex').toUpperCase() !== declared) throw slsErrors.contentMd5Mismatch();
}
