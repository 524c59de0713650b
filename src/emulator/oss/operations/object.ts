import { pipeline } from 'node:stream';
import type { ObjectContext, OperationTable } from '../context.js';
import type { ObjectOperationName } from '../detect.js';
import { noSuchKey, ossError } from '../errors.js';
import { commonHeaders, send, sendXml } from '../respond.js';
import { decodeOrRefuse } from '../route.js';
import type { ObjectMeta, StagedBody, StoredObject } from '../storage.js';
import { checkMd5, etagOf, fieldsOf, requireBucket, resourceOf } from './common.js';

/** Operations on one object (the request names a bucket and a key). */
export const objectOperations: OperationTable<ObjectOperationName, ObjectContext> = {
  PutObject: { body: 'object', run: putObject },
  CopyObject: { ram: 'PutObject', run: copyObject },
  GetObject: { run: (ctx) => getObject(ctx, true) },
  HeadObject: { ram: 'GetObject', run: (ctx) => getObject(ctx, false) },
  DeleteObject: { run: deleteObject },
};

/** The largest object CopyObject copies (OSS: 1 GB; larger sources need UploadPartCopy). */
const MAX_COPY_BYTES = 1024 * 1024 * 1024;

async function putObject(ctx: ObjectContext): Promise<void> {
  checkMd5(ctx);
  refuseOverwrite(ctx);
  const md5 = ctx.body.md5();
  const meta = await ctx.server.store.put(ctx.bucket, ctx.key, ctx.body.staged(), { ...fieldsOf(ctx.req.headers), etag: etagOf(md5) });
  send(ctx, 200, '', { etag: meta.etag, 'content-md5': md5.toString('base64') });
}

async function copyObject(ctx: ObjectContext): Promise<void> {
  const source = decodeOrRefuse(String(ctx.req.headers['x-oss-copy-source']));
  const [, srcBucket = '', srcKey = ''] = /^\/?([^/]+)\/(.+)$/.exec(source) ?? [];
  ctx.server.keys.authorize(ctx.accessKeyId, 'GetObject', resourceOf(srcBucket, srcKey));
  requireBucket(ctx, srcBucket);
  const src = await ctx.server.store.open(srcBucket, srcKey);
  if (!src) throw noSuchKey(srcKey);
  const copied = await stageCopyOf(ctx, src);
  try {
    const replace = String(ctx.req.headers['x-oss-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
    const m = src.meta;
    const fields = replace ? fieldsOf(ctx.req.headers, m.contentType) : { contentType: m.contentType, userMeta: m.userMeta, standardHeaders: m.standardHeaders ?? {} };
    const meta = await ctx.server.store.put(ctx.bucket, ctx.key, copied, fields);
    sendXml(ctx, 'CopyObjectResult', { ETag: meta.etag, LastModified: new Date(meta.lastModified).toISOString() });
  } finally {
    await copied.discard();
  }
}

/** Streams the source version to a staged body (unless the target may not be replaced); the source closes either way. */
async function stageCopyOf(ctx: ObjectContext, src: StoredObject): Promise<StagedBody> {
  try {
    refuseOverwrite(ctx);
    return await ctx.server.store.stage(src.body(), MAX_COPY_BYTES);
  } finally {
    await src.close().catch(() => undefined);
  }
}

/** `x-oss-forbid-overwrite: true` on PutObject or CopyObject: an existing target is an error, not replaced. */
function refuseOverwrite(ctx: ObjectContext): void {
  if (String(ctx.req.headers['x-oss-forbid-overwrite']).toLowerCase() === 'true' && ctx.server.store.head(ctx.bucket, ctx.key)) {
    throw ossError('FileAlreadyExists', { Key: ctx.key });
  }
}

/** GetObject and HeadObject: headers and bytes of the one version opened, whatever PUTs land meanwhile. */
async function getObject(ctx: ObjectContext, withBody: boolean): Promise<void> {
  const object = await ctx.server.store.open(ctx.bucket, ctx.key);
  if (!object) {
    if (!withBody) return send(ctx, 404, '', {});
    throw noSuchKey(ctx.key);
  }
  let range;
  try {
    range = rangeOf(ctx, object.meta.size);
  } catch (err) {
    await object.close();
    throw err;
  }
  const headers = { ...commonHeaders(ctx.requestId), ...objectHeaders(object.meta), ...responseOverrides(ctx) };
  if (range) {
    ctx.res.writeHead(206, { ...headers, 'content-length': range.end - range.start + 1, 'content-range': `bytes ${range.start}-${range.end}/${object.meta.size}` });
  } else {
    ctx.res.writeHead(200, { ...headers, 'content-length': object.meta.size });
  }
  if (!withBody) {
    await object.close();
    return void ctx.res.end();
  }
  // a read failure after the headers went out can only cut the connection
  pipeline(object.body(range), ctx.res, () => undefined);
}

/** A satisfiable `Range: bytes=a-b` (or `-n`, `a-`) as inclusive offsets; none for a whole-object read. */
function rangeOf(ctx: ObjectContext, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(String(ctx.req.headers.range ?? ''));
  if (!match || size === 0 || !(match[1] || match[2])) return undefined;
  const [, from, to] = match;
  const start = Math.max(0, from ? Number(from) : size - Number(to));
  const end = from && to ? Math.min(Number(to), size - 1) : size - 1;
  if (start >= size || start > end) throw ossError('InvalidRange', { RangeRequested: String(ctx.req.headers.range), ActualObjectSize: String(size) });
  return { start, end };
}

function objectHeaders(meta: ObjectMeta): Record<string, string | number> {
  return {
    etag: meta.etag,
    'last-modified': meta.lastModified,
    'content-type': meta.contentType,
    'x-oss-object-type': meta.etag.includes('-') ? 'Multipart' : 'Normal',
    'x-oss-storage-class': 'Standard',
    'accept-ranges': 'bytes',
    ...meta.standardHeaders,
    ...Object.fromEntries(Object.entries(meta.userMeta).map(([k, v]) => [`x-oss-meta-${k}`, v])),
  };
}

/** GetObject's `response-*` query parameters replace the matching response headers (as on OSS; used by signed download links). */
function responseOverrides(ctx: ObjectContext): Record<string, string> {
  return Object.fromEntries(['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding']
    .map((h) => [h, ctx.query.get(`response-${h}`)] as const)
    .filter((entry): entry is readonly [string, string] => Boolean(entry[1])));
}

async function deleteObject(ctx: ObjectContext): Promise<void> {
  await ctx.server.store.delete(ctx.bucket, ctx.key);
  send(ctx, 204);
}
