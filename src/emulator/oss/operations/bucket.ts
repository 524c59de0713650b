import type { BucketContext, OperationTable } from '../context.js';
import type { BucketOperationName } from '../detect.js';
import { malformedXml, ossError } from '../errors.js';
import { send, sendXml } from '../respond.js';
import type { BucketMeta } from '../storage.js';
import { checkMd5, OWNER, resourceOf, xmlParser } from './common.js';
import { listObjects } from './list-objects.js';

export const BUCKET_RULE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Operations on a bucket (the request names a bucket and no object). */
export const bucketOperations: OperationTable<BucketOperationName, BucketContext> = {
  PutBucket: { createsBucket: true, run: putBucket },
  DeleteBucket: { run: deleteBucket },
  GetBucketInfo: { run: getBucketInfo },
  GetBucketLocation: { ram: 'GetBucketInfo', run: getBucketLocation },
  ListObjects: { run: (ctx) => listObjects(ctx, false) },
  ListObjectsV2: { ram: 'ListObjects', run: (ctx) => listObjects(ctx, true) },
  DeleteMultipleObjects: { ram: 'DeleteObject', body: 'xml', run: deleteMultipleObjects },
};

async function putBucket(ctx: BucketContext): Promise<void> {
  if (!BUCKET_RULE.test(ctx.bucket)) throw ossError('InvalidBucketName', { BucketName: ctx.bucket });
  if (ctx.server.store.bucket(ctx.bucket)) throw ossError('BucketAlreadyExists', { BucketName: ctx.bucket });
  await ctx.server.store.createBucket(ctx.bucket, ctx.server.region);
  send(ctx, 200, '', { location: `/${ctx.bucket}` });
}

async function deleteBucket(ctx: BucketContext): Promise<void> {
  if (!ctx.server.store.isEmpty(ctx.bucket)) throw ossError('BucketNotEmpty', { BucketName: ctx.bucket });
  await ctx.server.store.deleteBucket(ctx.bucket);
  send(ctx, 204);
}

const bucketOf = (ctx: BucketContext): BucketMeta => ctx.server.store.bucket(ctx.bucket) as BucketMeta;

async function getBucketInfo(ctx: BucketContext): Promise<void> {
  const b = bucketOf(ctx);
  sendXml(ctx, 'BucketInfo', {
    Bucket: {
      Name: b.name, Location: `oss-${b.region}`, Region: b.region, CreationDate: b.creationDate, ExtranetEndpoint: `oss-${b.region}.aliyuncs.com`,
      IntranetEndpoint: `oss-${b.region}-internal.aliyuncs.com`, StorageClass: 'Standard', Owner: OWNER, AccessControlList: { Grant: 'private' },
    },
  });
}

async function getBucketLocation(ctx: BucketContext): Promise<void> {
  send(ctx, 200, `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint>oss-${bucketOf(ctx).region}</LocationConstraint>`, { 'content-type': 'application/xml' });
}

async function deleteMultipleObjects(ctx: BucketContext): Promise<void> {
  if (!ctx.req.headers['content-md5']) throw ossError('InvalidDigest', {}, 'Content-MD5 is required for DeleteMultipleObjects.');
  checkMd5(ctx);
  const doc = xmlParser.parse(ctx.body.text()) as { Delete?: { Quiet?: string; Object?: Array<{ Key: string }> } };
  const objects = doc.Delete?.Object ?? [];
  if (objects.length > 1000) throw malformedXml('At most 1000 objects may be deleted at once.');
  for (const o of objects) {
    ctx.server.keys.authorize(ctx.accessKeyId, 'DeleteObject', resourceOf(ctx.bucket, o.Key));
    await ctx.server.store.delete(ctx.bucket, o.Key);
  }
  const quiet = String(doc.Delete?.Quiet).toLowerCase() === 'true';
  sendXml(ctx, 'DeleteResult', { Deleted: quiet ? [] : objects.map((o) => ({ Key: o.Key })) });
}
