import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { mkdir, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { authenticate } from './auth.js';
import { OssFaults } from './faults.js';
import { OssApiError, accessDenied, invalidArgument, noSuchBucket, noSuchKey } from './oss-error.js';
import { allowed, validatePolicy, type OssPolicy } from './policy.js';
import { ObjectStore, byteOrder, insertionPoint, writeAtomically, type ObjectMeta } from './store.js';
import { readBody, RequestBody } from './request-body.js';
import { xmlDocument, type XmlNode } from './xml.js';

export type { OssPolicy } from './policy.js';

export interface OssAccessKey { id: string; secret: string; policy?: OssPolicy }

export interface OssServerOptions {
  host?: string;
  port?: number;
  dataDir: string;
  /** Region id, e.g. cn-hangzhou (buckets report `oss-<region>`). */
  region?: string;
  accessKeys: OssAccessKey[];
  log?: (line: string) => void;
}

export interface OssServer {
  readonly endpoint: string;
  readonly port: number;
  readonly faults: OssFaults;
  addAccessKey(key: OssAccessKey): void;
  createBucket(name: string): Promise<void>;
  close(): Promise<void>;
}

const OWNER = { ID: '1000000000000001', DisplayName: '1000000000000001' };
const MAX_BODY = 1024 * 1024 * 1024;
/** OSS refuses to complete an upload whose parts, the last excepted, are smaller than 100 KB. */
const MIN_PART_BYTES = 100 * 1024;
const BUCKET_RULE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
// htmlEntities also decodes numeric references: ali-oss writes a key's "'" as &#39; in DeleteMultipleObjects.
const xmlParser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, htmlEntities: true, isArray: (name) => name === 'Part' || name === 'Object' });

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  bucket?: string;
  key?: string;
  query: Map<string, string | null>;
  body: RequestBody;
  accessKeyId: string;
}

const md5Of = (ctx: Ctx): Buffer => ctx.body.md5();
const etagOf = (md5: Buffer): string => `"${md5.toString('hex').toUpperCase()}"`;

function parseQuery(raw: string): Array<[string, string | null]> {
  if (!raw) return [];
  return raw.split('&').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    const decode = (s: string) => decodeOrRefuse(s.replace(/\+/g, '%20'));
    return at < 0 ? [decode(pair), null] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
  });
}

/** Streams an object; a read failure after the headers went out can only cut the connection. */
function pipeObject(source: Readable, res: ServerResponse): void {
  source.on('error', () => res.destroy());
  source.pipe(res);
}

interface Route { bucket?: string; key?: string; queryPairs: Array<[string, string | null]> }

/** Bucket, key and query of a request: virtual-hosted (`<bucket>.oss-<region>.aliyuncs.com`) or path style. */
function routeOf(req: IncomingMessage): Route {
  const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
  const hostname = String(req.headers.host ?? '').replace(/:\d+$/, '');
  // `<bucket>.oss-<region>.aliyuncs.com` names a bucket; the bare service host `oss-<region>.aliyuncs.com` does not.
  const serviceHost = /^oss-[a-z0-9-]+\.aliyuncs\.com$/.test(hostname);
  const virtualHosted = hostname !== '' && isIP(hostname) === 0 && hostname !== 'localhost' && hostname.includes('.') && !serviceHost;
  const path = decodeOrRefuse(rawPath);
  const queryPairs = parseQuery(rawQuery);
  if (virtualHosted) {
    const key = path.length > 1 ? path.slice(1) : undefined;
    return { bucket: hostname.split('.')[0]!, ...(key !== undefined ? { key } : {}), queryPairs };
  }
  const [, bucket, key] = /^\/([^/]*)\/?(.*)$/s.exec(path) ?? [];
  return { ...(bucket ? { bucket } : {}), ...(key ? { key } : {}), queryPairs };
}

function decodeOrRefuse(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OssApiError(400, 'InvalidURI', `Could not parse the specified URI: ${JSON.stringify(text.slice(0, 200))} is not valid percent-encoding.`);
  }
}

/** Which OSS action a request is, for policies and fault injection. */
function actionOf(method: string, bucket: string | undefined, key: string | undefined, q: Map<string, string | null>, headers: IncomingMessage['headers']): string {
  if (!bucket) return 'ListBuckets';
  if (!key) {
    if (method === 'PUT') return 'PutBucket';
    if (method === 'DELETE') return 'DeleteBucket';
    if (method === 'POST' && q.has('delete')) return 'DeleteMultipleObjects';
    if (q.has('bucketInfo')) return 'GetBucketInfo';
    if (q.has('location')) return 'GetBucketLocation';
    return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
  }
  if (method === 'PUT') return q.has('uploadId') ? 'UploadPart' : headers['x-oss-copy-source'] ? 'CopyObject' : 'PutObject';
  if (method === 'POST') return q.has('uploads') ? 'InitiateMultipartUpload' : 'CompleteMultipartUpload';
  if (method === 'DELETE') return q.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
  if (method === 'HEAD') return 'HeadObject';
  return q.has('uploadId') ? 'ListParts' : 'GetObject';
}

/** The RAM action a request needs (HeadObject is authorised as GetObject, as on OSS). */
const RAM_ACTION: Record<string, string> = {
  HeadObject: 'GetObject', UploadPart: 'PutObject', InitiateMultipartUpload: 'PutObject', CompleteMultipartUpload: 'PutObject',
  DeleteMultipleObjects: 'DeleteObject', ListObjectsV2: 'ListObjects', GetBucketLocation: 'GetBucketInfo', CopyObject: 'PutObject',
};

/** Rejects a malformed key (the secret itself is never echoed). */
function checkAccessKey(key: OssAccessKey, where: string): void {
  if (typeof key?.id !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(key.id)) {
    throw new Error(`${where}.id must be 1–128 letters, digits, ".", "_" or "-"; got ${JSON.stringify(key?.id)}`);
  }
  if (typeof key.secret !== 'string' || key.secret.length === 0) throw new Error(`${where}.secret must be a non-empty string (value not shown)`);
  if (key.policy !== undefined) validatePolicy(key.policy, `${where}.policy`);
}

export async function startOssServer(options: OssServerOptions): Promise<OssServer> {
  const region = options.region ?? 'cn-hangzhou';
  const log = options.log ?? (() => {});
  options.accessKeys.forEach((k, i) => checkAccessKey(k, `accessKeys[${i}]`));
  const keys = new Map(options.accessKeys.map((k) => [k.id, k]));
  const store = new ObjectStore(options.dataDir);
  const faults = new OssFaults();

  const send = (ctx: Ctx, status: number, body: string | Buffer = '', headers: Record<string, string | number> = {}) => {
    ctx.res.writeHead(status, { 'x-oss-request-id': ctx.requestId, server: 'AliyunOSS', date: new Date().toUTCString(), 'content-length': Buffer.byteLength(body), ...headers });
    ctx.res.end(body);
  };
  const sendXml = (ctx: Ctx, root: string, body: XmlNode, headers: Record<string, string> = {}) =>
    send(ctx, 200, xmlDocument(root, body), { 'content-type': 'application/xml', ...headers });

  const authorize = (ctx: Ctx, action: string, resource: string) => {
    const policy = keys.get(ctx.accessKeyId)?.policy;
    if (!allowed(policy, `oss:${RAM_ACTION[action] ?? action}`, resource)) {
      throw accessDenied(`You have no right to access this object because of bucket acl or RAM policy (${`oss:${RAM_ACTION[action] ?? action}`} on ${resource}).`);
    }
  };
  const needBucket = (name: string) => {
    if (!store.bucket(name)) throw noSuchBucket(name);
  };
  const objectHeaders = (meta: ObjectMeta): Record<string, string | number> => ({
    etag: meta.etag,
    'last-modified': meta.lastModified,
    'content-type': meta.contentType,
    'x-oss-object-type': meta.etag.includes('-') ? 'Multipart' : 'Normal',
    'x-oss-storage-class': 'Standard',
    'accept-ranges': 'bytes',
    ...meta.standardHeaders,
    ...Object.fromEntries(Object.entries(meta.userMeta).map(([k, v]) => [`x-oss-meta-${k}`, v])),
  });
  /** GetObject's `response-*` query parameters replace the matching response headers (as on OSS; used by signed download links). */
  const responseOverrides = (ctx: Ctx): Record<string, string> =>
    Object.fromEntries(['content-type', 'content-language', 'expires', 'cache-control', 'content-disposition', 'content-encoding']
      .filter((h) => ctx.query.get(`response-${h}`))
      .map((h) => [h, ctx.query.get(`response-${h}`)!]));
  /** The standard HTTP headers OSS keeps with an object and returns on GET and HEAD. */
  const standardHeadersOf = (headers: IncomingMessage['headers']): Record<string, string> =>
    Object.fromEntries(['content-disposition', 'content-encoding', 'cache-control', 'expires', 'content-language']
      .filter((h) => headers[h] !== undefined)
      .map((h) => [h, String(headers[h])]));
  const userMetaOf = (headers: IncomingMessage['headers']) =>
    Object.fromEntries(Object.entries(headers).filter(([k]) => k.startsWith('x-oss-meta-')).map(([k, v]) => [k.slice('x-oss-meta-'.length), String(v)]));

  const checkMd5 = (ctx: Ctx) => {
    const given = ctx.req.headers['content-md5'];
    if (!given) return;
    if (Buffer.from(String(given), 'base64').length !== 16) throw new OssApiError(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', { ContentMD5: String(given) });
    const actual = md5Of(ctx).toString('base64');
    if (given !== actual) {
      throw new OssApiError(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.', { ExpectedContentMD5: String(given), CalculatedContentMD5: actual });
    }
  };

  /** `x-oss-forbid-overwrite: true` on PutObject or CopyObject: an existing target is an error, not replaced. */
  const refuseOverwrite = (ctx: Ctx) => {
    if (String(ctx.req.headers['x-oss-forbid-overwrite']).toLowerCase() === 'true' && store.head(ctx.bucket!, ctx.key!)) {
      throw new OssApiError(409, 'FileAlreadyExists', 'The object you specified already exists and can not be overwritten.', { Key: ctx.key! });
    }
  };

  async function listObjects(ctx: Ctx, v2: boolean) {
    const bucket = ctx.bucket!;
    const prefix = ctx.query.get('prefix') ?? '';
    const delimiter = ctx.query.get('delimiter') ?? '';
    const maxKeys = Number(ctx.query.get('max-keys') ?? '100');
    if (!Number.isInteger(maxKeys) || maxKeys < 0 || maxKeys > 1000) throw invalidArgument('max-keys', String(ctx.query.get('max-keys')), 'max-keys must be 0–1000.');
    const urlEncode = ctx.query.get('encoding-type') === 'url';
    const enc = (s: string) => (urlEncode ? encodeURIComponent(s) : s);
    const after = v2 ? (ctx.query.get('continuation-token') ? Buffer.from(ctx.query.get('continuation-token')!, 'base64').toString('utf8') : ctx.query.get('start-after') ?? '') : ctx.query.get('marker') ?? '';
    const startMarker = after;
    const keys = store.sortedKeys(bucket);
    const contents: ObjectMeta[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let next = '';
    // Start after the marker, or at the prefix if that comes later: both by binary search over the sorted index.
    let first = insertionPoint(keys, after);
    if (prefix && byteOrder(prefix, after) > 0) {
      let atPrefix = insertionPoint(keys, prefix);
      if (keys[atPrefix - 1] === prefix) atPrefix -= 1;
      first = Math.max(first, atPrefix);
    }
    for (let i = first; i < keys.length; i++) {
      const key = keys[i]!;
      if (!key.startsWith(prefix)) {
        if (byteOrder(key, prefix) > 0) break;
        continue;
      }
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) {
        const common = key.slice(0, cut + delimiter.length);
        // A marker that is itself a common prefix (the previous page's last entry) skips that whole prefix.
        if (common === startMarker) {
          while (i + 1 < keys.length && keys[i + 1]!.startsWith(common)) i++;
          continue;
        }
        if (prefixes[prefixes.length - 1] !== common) prefixes.push(common);
        next = common;
        // skip the rest of this common prefix
        while (i + 1 < keys.length && keys[i + 1]!.startsWith(common)) i++;
        continue;
      }
      contents.push(store.head(bucket, key)!);
      next = key;
    }
    const entries = contents.map((m) => ({
      Key: enc(m.key),
      LastModified: new Date(m.lastModified).toISOString(),
      ETag: m.etag,
      Type: m.etag.includes('-') ? 'Multipart' : 'Normal',
      Size: m.size,
      StorageClass: 'Standard',
      ...(!v2 || ctx.query.get('fetch-owner') === 'true' ? { Owner: OWNER } : {}),
    }));
    const common = prefixes.map((p) => ({ Prefix: enc(p) }));
    if (v2) {
      sendXml(ctx, 'ListBucketResult', {
        Name: bucket, Prefix: enc(prefix), StartAfter: ctx.query.get('start-after') ?? undefined, ContinuationToken: ctx.query.get('continuation-token') ?? undefined,
        MaxKeys: maxKeys, Delimiter: enc(delimiter), EncodingType: urlEncode ? 'url' : undefined, IsTruncated: truncated,
        NextContinuationToken: truncated ? Buffer.from(next).toString('base64') : undefined, KeyCount: entries.length + common.length,
        Contents: entries, CommonPrefixes: common,
      });
    } else {
      sendXml(ctx, 'ListBucketResult', {
        Name: bucket, Prefix: enc(prefix), Marker: enc(ctx.query.get('marker') ?? ''), MaxKeys: maxKeys, Delimiter: enc(delimiter),
        EncodingType: urlEncode ? 'url' : undefined, IsTruncated: truncated, NextMarker: truncated ? enc(next) : undefined, Contents: entries, CommonPrefixes: common,
      });
    }
  }

  async function handle(ctx: Ctx, action: string): Promise<void> {
    const { bucket, key } = ctx;
    if (key !== undefined && Buffer.byteLength(key) > 1023) {
      throw new OssApiError(400, 'InvalidObjectName', 'The specified object is not valid: a key is at most 1023 bytes of UTF-8.', { ObjectName: key.slice(0, 64) });
    }
    const resource = bucket ? `acs:oss:*:*:${bucket}${key !== undefined ? `/${key}` : ''}` : 'acs:oss:*:*:*';
    authorize(ctx, action, resource);
    switch (action) {
      case 'ListBuckets': {
        const prefix = ctx.query.get('prefix') ?? '';
        const marker = ctx.query.get('marker') ?? '';
        const maxKeys = Number(ctx.query.get('max-keys') ?? '100');
        if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > 1000) throw invalidArgument('max-keys', String(ctx.query.get('max-keys')), 'max-keys must be 1–1000.');
        // names are ASCII, so code-unit order is OSS's byte order and agrees with the marker comparison
        const matching = store.listBuckets().filter((b) => b.name.startsWith(prefix) && b.name > marker).sort((a, b) => (a.name < b.name ? -1 : 1));
        const page = matching.slice(0, maxKeys);
        const truncated = matching.length > page.length;
        const buckets = page.map((b) => ({
          Name: b.name, Region: b.region, Location: `oss-${b.region}`, CreationDate: b.creationDate, StorageClass: 'Standard',
          ExtranetEndpoint: `oss-${b.region}.aliyuncs.com`, IntranetEndpoint: `oss-${b.region}-internal.aliyuncs.com`,
        }));
        return sendXml(ctx, 'ListAllMyBucketsResult', {
          Prefix: prefix || undefined, Marker: marker || undefined, MaxKeys: ctx.query.has('max-keys') ? maxKeys : undefined,
          IsTruncated: truncated, NextMarker: truncated ? page[page.length - 1]!.name : undefined, Owner: OWNER, Buckets: { Bucket: buckets },
        });
      }
      case 'PutBucket': {
        if (!BUCKET_RULE.test(bucket!)) throw new OssApiError(400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: bucket! });
        if (store.bucket(bucket!)) throw new OssApiError(409, 'BucketAlreadyExists', 'The requested bucket name is not available.', { BucketName: bucket! });
        await store.createBucket(bucket!, region);
        return send(ctx, 200, '', { location: `/${bucket}` });
      }
      case 'DeleteBucket':
        needBucket(bucket!);
        if (!store.isEmpty(bucket!)) throw new OssApiError(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty.', { BucketName: bucket! });
        await store.deleteBucket(bucket!);
        return send(ctx, 204);
      case 'GetBucketInfo': {
        needBucket(bucket!);
        const b = store.bucket(bucket!)!;
        return sendXml(ctx, 'BucketInfo', {
          Bucket: {
            Name: b.name, Location: `oss-${b.region}`, Region: b.region, CreationDate: b.creationDate, ExtranetEndpoint: `oss-${b.region}.aliyuncs.com`,
            IntranetEndpoint: `oss-${b.region}-internal.aliyuncs.com`, StorageClass: 'Standard', Owner: OWNER, AccessControlList: { Grant: 'private' },
          },
        });
      }
      case 'GetBucketLocation':
        needBucket(bucket!);
        return send(ctx, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint>oss-${store.bucket(bucket!)!.region}</LocationConstraint>`, { 'content-type': 'application/xml' });
      case 'ListObjects':
      case 'ListObjectsV2':
        needBucket(bucket!);
        return listObjects(ctx, action === 'ListObjectsV2');
      case 'PutObject': {
        needBucket(bucket!);
        checkMd5(ctx);
        refuseOverwrite(ctx);
        const meta = await store.put(bucket!, key!, ctx.body.chunks, {
          contentType: String(ctx.req.headers['content-type'] ?? 'application/octet-stream'), userMeta: userMetaOf(ctx.req.headers), standardHeaders: standardHeadersOf(ctx.req.headers), etag: etagOf(md5Of(ctx)),
        });
        return send(ctx, 200, '', { etag: meta.etag, 'content-md5': md5Of(ctx).toString('base64') });
      }
      case 'CopyObject': {
        needBucket(bucket!);
        const source = decodeOrRefuse(String(ctx.req.headers['x-oss-copy-source']));
        const [, srcBucket = '', srcKey = ''] = /^\/?([^/]+)\/(.+)$/.exec(source) ?? [];
        authorize(ctx, 'GetObject', `acs:oss:*:*:${srcBucket}/${srcKey}`);
        needBucket(srcBucket);
        const src = store.head(srcBucket, srcKey);
        if (!src) throw noSuchKey(srcKey);
        refuseOverwrite(ctx);
        const replace = String(ctx.req.headers['x-oss-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
        const meta = await store.put(bucket!, key!, await store.readAll(srcBucket, srcKey), {
          contentType: replace ? String(ctx.req.headers['content-type'] ?? src.contentType) : src.contentType,
          userMeta: replace ? userMetaOf(ctx.req.headers) : src.userMeta,
          standardHeaders: replace ? standardHeadersOf(ctx.req.headers) : src.standardHeaders ?? {},
        });
        return sendXml(ctx, 'CopyObjectResult', { ETag: meta.etag, LastModified: new Date(meta.lastModified).toISOString() });
      }
      case 'GetObject':
      case 'HeadObject': {
        needBucket(bucket!);
        const meta = store.head(bucket!, key!);
        if (!meta) {
          if (action === 'HeadObject') return send(ctx, 404, '', {});
          throw noSuchKey(key!);
        }
        const range = /^bytes=(\d*)-(\d*)$/.exec(String(ctx.req.headers.range ?? ''));
        if (range && meta.size > 0 && (range[1] || range[2])) {
          let start = range[1] ? Number(range[1]) : meta.size - Number(range[2]);
          let end = range[1] && range[2] ? Math.min(Number(range[2]), meta.size - 1) : meta.size - 1;
          if (start < 0) start = 0;
          if (start >= meta.size || start > end) {
            throw new OssApiError(416, 'InvalidRange', 'The requested range cannot be satisfied.', { RangeRequested: String(ctx.req.headers.range), ActualObjectSize: String(meta.size) });
          }
          end = Math.max(end, start);
          ctx.res.writeHead(206, { 'x-oss-request-id': ctx.requestId, server: 'AliyunOSS', date: new Date().toUTCString(), ...objectHeaders(meta), ...responseOverrides(ctx), 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${meta.size}` });
          if (action === 'HeadObject') return void ctx.res.end();
          pipeObject(store.read(bucket!, key!, { start, end }), ctx.res);
          return;
        }
        ctx.res.writeHead(200, { 'x-oss-request-id': ctx.requestId, server: 'AliyunOSS', date: new Date().toUTCString(), ...objectHeaders(meta), ...responseOverrides(ctx), 'content-length': meta.size });
        if (action === 'HeadObject') return void ctx.res.end();
        pipeObject(store.read(bucket!, key!), ctx.res);
        return;
      }
      case 'DeleteObject':
        needBucket(bucket!);
        await store.delete(bucket!, key!);
        return send(ctx, 204);
      case 'DeleteMultipleObjects': {
        needBucket(bucket!);
        if (!ctx.req.headers['content-md5']) throw new OssApiError(400, 'InvalidDigest', 'Content-MD5 is required for DeleteMultipleObjects.');
        checkMd5(ctx);
        const doc = xmlParser.parse(ctx.body.text()) as { Delete?: { Quiet?: string; Object?: Array<{ Key: string }> } };
        const objects = doc.Delete?.Object ?? [];
        if (objects.length > 1000) throw new OssApiError(400, 'MalformedXML', 'At most 1000 objects may be deleted at once.');
        for (const o of objects) {
          authorize(ctx, 'DeleteObject', `acs:oss:*:*:${bucket}/${o.Key}`);
          await store.delete(bucket!, o.Key);
        }
        const quiet = String(doc.Delete?.Quiet).toLowerCase() === 'true';
        return sendXml(ctx, 'DeleteResult', { Deleted: quiet ? [] : objects.map((o) => ({ Key: o.Key })) });
      }
      case 'InitiateMultipartUpload': {
        needBucket(bucket!);
        const uploadId = randomUUID().replace(/-/g, '').toUpperCase();
        await mkdir(store.uploadDir(uploadId), { recursive: true });
        await writeFile(join(store.uploadDir(uploadId), 'upload.json'), JSON.stringify({ bucket, key, contentType: ctx.req.headers['content-type'] ?? 'application/octet-stream', userMeta: userMetaOf(ctx.req.headers), standardHeaders: standardHeadersOf(ctx.req.headers) }));
        return sendXml(ctx, 'InitiateMultipartUploadResult', { Bucket: bucket!, Key: key!, UploadId: uploadId });
      }
      case 'UploadPart': {
        const upload = await uploadOf(ctx);
        const part = Number(ctx.query.get('partNumber'));
        if (!Number.isInteger(part) || part < 1 || part > 10000) throw invalidArgument('partNumber', String(ctx.query.get('partNumber')), 'Part number must be an integer between 1 and 10000, inclusive.');
        checkMd5(ctx);
        await writeAtomically(join(upload.dir, String(part)), [...ctx.body.chunks]);
        return send(ctx, 200, '', { etag: etagOf(md5Of(ctx)) });
      }
      case 'CompleteMultipartUpload': {
        const upload = await uploadOf(ctx);
        const doc = xmlParser.parse(ctx.body.text()) as { CompleteMultipartUpload?: { Part?: Array<{ PartNumber: string; ETag: string }> } };
        const parts = doc.CompleteMultipartUpload?.Part ?? [];
        if (parts.length === 0) throw new OssApiError(400, 'MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
        const buffers: Buffer[] = [];
        const md5s: Buffer[] = [];
        let previous = 0;
        for (const p of parts) {
          const n = Number(p.PartNumber);
          if (n <= previous) throw new OssApiError(400, 'InvalidPartOrder', 'The list of parts was not in ascending order.');
          previous = n;
          const data = await readFile(join(upload.dir, String(n))).catch(() => undefined);
          const md5 = data && createHash('md5').update(data).digest();
          if (!data || `"${md5!.toString('hex').toUpperCase()}"` !== String(p.ETag).toUpperCase().replace(/^(?!")/, '"').replace(/(?<!")$/, '"')) {
            throw new OssApiError(400, 'InvalidPart', 'One or more of the specified parts could not be found or the specified entity tag might not have matched the part\'s entity tag.', { PartNumber: String(n) });
          }
          buffers.push(data);
          md5s.push(md5!);
        }
        // sizes only once the whole list is known to be in order and to name real parts
        const small = buffers.findIndex((b, i) => i < buffers.length - 1 && b.length < MIN_PART_BYTES);
        if (small >= 0) {
          throw new OssApiError(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size: every part but the last must be at least 100 KB.', {
            PartNumber: String(parts[small]!.PartNumber), ProposedSize: String(buffers[small]!.length), MinSizeAllowed: String(MIN_PART_BYTES),
          });
        }
        const etag = `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex').toUpperCase()}-${parts.length}"`;
        await store.put(bucket!, key!, Buffer.concat(buffers), { contentType: upload.meta.contentType, userMeta: upload.meta.userMeta, standardHeaders: upload.meta.standardHeaders ?? {}, etag });
        await rm(upload.dir, { recursive: true, force: true });
        return sendXml(ctx, 'CompleteMultipartUploadResult', { Location: `http://${bucket}.oss-${region}.aliyuncs.com/${key}`, Bucket: bucket!, Key: key!, ETag: etag });
      }
      case 'AbortMultipartUpload': {
        const upload = await uploadOf(ctx);
        await rm(upload.dir, { recursive: true, force: true });
        return send(ctx, 204);
      }
      case 'ListParts': {
        const upload = await uploadOf(ctx);
        const numbers = await store.listUploadParts(ctx.query.get('uploadId')!);
        const parts = [];
        for (const n of numbers) {
          const info = await stat(join(upload.dir, String(n)));
          const data = await readFile(join(upload.dir, String(n)));
          parts.push({ PartNumber: n, LastModified: info.mtime.toISOString(), ETag: `"${createHash('md5').update(data).digest('hex').toUpperCase()}"`, Size: info.size });
        }
        return sendXml(ctx, 'ListPartsResult', { Bucket: bucket!, Key: key!, UploadId: ctx.query.get('uploadId')!, MaxParts: 1000, IsTruncated: false, Part: parts });
      }
    }
    throw new OssApiError(400, 'NotImplemented', `${action} is not implemented by the local OSS server.`);
  }

  async function uploadOf(ctx: Ctx): Promise<{ dir: string; meta: { contentType: string; userMeta: Record<string, string>; standardHeaders?: Record<string, string> } }> {
    needBucket(ctx.bucket!);
    const uploadId = ctx.query.get('uploadId') ?? '';
    if (!/^[A-F0-9]{32}$/.test(uploadId)) throw new OssApiError(404, 'NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
    const dir = store.uploadDir(uploadId);
    const meta = await readFile(join(dir, 'upload.json'), 'utf8').catch(() => undefined);
    if (!meta) throw new OssApiError(404, 'NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
    const parsed = JSON.parse(meta) as { bucket: string; key: string; contentType: string; userMeta: Record<string, string>; standardHeaders?: Record<string, string> };
    if (parsed.bucket !== ctx.bucket || parsed.key !== ctx.key) throw new OssApiError(404, 'NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
    return { dir, meta: parsed };
  }

  const server = createServer((req, res) => {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase();
    let route: Route;
    try {
      route = routeOf(req);
    } catch (err) {
      const e = err instanceof OssApiError ? err : new OssApiError(400, 'InvalidURI', 'Could not parse the specified URI.');
      req.resume();
      const ctx: Ctx = { req, res, requestId, query: new Map(), body: RequestBody.empty, accessKeyId: '' };
      log(`oss - ${e.status} ${e.code} ${requestId}`);
      return send(ctx, e.status, xmlDocument('Error', { Code: e.code, Message: e.message, RequestId: requestId, HostId: `oss-${region}.aliyuncs.com`, ...e.extra }), { 'content-type': 'application/xml', 'x-oss-ec': e.code });
    }
    const { bucket, key, queryPairs } = route;
    const query = new Map(queryPairs);
    const ctx: Ctx = { req, res, requestId, ...(bucket ? { bucket } : {}), ...(key !== undefined ? { key } : {}), query, body: RequestBody.empty, accessKeyId: '' };
    const action = actionOf(req.method ?? 'GET', bucket, key, query, req.headers);
    void (async () => {
      try {
        // The signature covers headers and query only: refuse before buffering the body (Node drains what is left).
        ctx.accessKeyId = authenticate({ method: req.method ?? 'GET', headers: req.headers, ...(bucket ? { bucket } : {}), ...(key !== undefined ? { key } : {}), query: queryPairs }, (id) => keys.get(id)?.secret, region);
        ctx.body = await readBody(req, MAX_BODY, () => new OssApiError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.'));
        const fault = faults.take(action);
        if (fault?.stallMs) await new Promise((r) => setTimeout(r, fault.stallMs));
        if (fault?.status) throw new OssApiError(fault.status, fault.code ?? (fault.status >= 500 ? 'ServiceUnavailable' : 'InjectedFault'), `Injected fault for ${action}.`);
        await handle(ctx, action);
        log(`oss ${action} ${bucket ?? ''}/${key ?? ''} ${res.statusCode} ${requestId}`);
      } catch (err) {
        const e = err instanceof OssApiError ? err : new OssApiError(500, 'InternalError', 'We encountered an internal error. Please try again.');
        if (!(err instanceof OssApiError)) log(`oss internal error on ${action}: ${err instanceof Error ? err.stack : String(err)}`);
        log(`oss ${action} ${bucket ?? ''}/${key ?? ''} ${e.status} ${e.code} ${requestId}`);
        if (res.headersSent) return void res.destroy();
        const body = req.method === 'HEAD' ? '' : xmlDocument('Error', { Code: e.code, Message: e.message, RequestId: requestId, HostId: `${bucket ? `${bucket}.` : ''}oss-${region}.aliyuncs.com`, ...e.extra });
        send(ctx, e.status, body, { 'content-type': 'application/xml', 'x-oss-ec': e.code });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    faults,
    addAccessKey: (key) => {
      checkAccessKey(key, 'accessKey');
      keys.set(key.id, key);
    },
    createBucket: async (name) => {
      // the name becomes a directory: the OSS naming rule also keeps it inside the data directory
      if (!BUCKET_RULE.test(name)) throw new Error(`bucket name must be 3–63 lowercase letters, digits or "-", starting and ending with a letter or digit; got ${JSON.stringify(name)}`);
      if (!store.bucket(name)) await store.createBucket(name, region);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
