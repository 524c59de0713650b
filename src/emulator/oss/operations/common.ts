import type { IncomingHttpHeaders } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import type { BucketContext, RequestContext } from '../context.js';
import { noSuchBucket, ossError } from '../errors.js';
import type { ObjectFields } from '../storage.js';

export const OWNER = { ID: '1000000000000001', DisplayName: '1000000000000001' };

// htmlEntities also decodes numeric references: ali-oss writes a key's "'" as &#39; in DeleteMultipleObjects.
export const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, htmlEntities: true, isArray: (name) => name === 'Part' || name === 'Object' });

export const etagOf = (md5: Buffer): string => `"${md5.toString('hex').toUpperCase()}"`;

export function requireBucket(ctx: RequestContext, bucket: string): void {
  if (!ctx.server.store.bucket(bucket)) throw noSuchBucket(bucket);
}

/** The RAM resource of a bucket or of an object in it. */
export const resourceOf = (bucket: string, key?: string): string => `acs:oss:*:*:${bucket}${key !== undefined ? `/${key}` : ''}`;

/** The standard HTTP headers OSS keeps with an object and returns on GET and HEAD. */
function standardHeadersOf(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(['content-disposition', 'content-encoding', 'cache-control', 'expires', 'content-language']
    .filter((h) => headers[h] !== undefined)
    .map((h) => [h, String(headers[h])]));
}

function userMetaOf(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('x-oss-meta-')).map(([k, v]) => [k.slice('x-oss-meta-'.length), String(v)]));
}

/** The object fields a PutObject, CopyObject (REPLACE) or InitiateMultipartUpload request gives in its headers. */
export function fieldsOf(headers: IncomingHttpHeaders, defaultContentType = 'application/octet-stream'): ObjectFields {
  return { contentType: String(headers['content-type'] ?? defaultContentType), userMeta: userMetaOf(headers), standardHeaders: standardHeadersOf(headers) };
}

/** Checks a Content-MD5 header against the body: malformed is InvalidDigest, different is BadDigest. */
export function checkMd5(ctx: BucketContext): void {
  const given = ctx.req.headers['content-md5'];
  if (!given) return;
  if (Buffer.from(String(given), 'base64').length !== 16) throw ossError('InvalidDigest', { ContentMD5: String(given) });
  const actual = ctx.body.md5().toString('base64');
  if (given !== actual) throw ossError('BadDigest', { ExpectedContentMD5: String(given), CalculatedContentMD5: actual });
}
