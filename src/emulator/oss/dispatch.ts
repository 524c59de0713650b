import type { BucketContext, ObjectContext, Operation, RequestContext } from './context.js';
import type { Dispatch } from './detect.js';
import { ossError } from './errors.js';
import type { BodyKind } from './request-body.js';
import { bucketOperations } from './operations/bucket.js';
import { requireBucket, resourceOf } from './operations/common.js';
import { multipartOperations } from './operations/multipart.js';
import { objectOperations } from './operations/object.js';
import { serviceOperations } from './operations/service.js';

/** What a detected operation does with the request body. */
export function bodyKindOf(d: Dispatch): BodyKind {
  const table = { service: serviceOperations, bucket: bucketOperations, object: objectOperations, multipart: multipartOperations }[d.level];
  return (table as Readonly<Record<string, { body?: BodyKind }>>)[d.name]?.body ?? 'none';
}

/** Runs a detected operation with its level's context: authorised by RAM policy, its bucket (and key) checked first. */
export async function runOperation(ctx: RequestContext, d: Dispatch): Promise<void> {
  switch (d.level) {
    case 'service':
      return runAt(ctx, serviceOperations[d.name], d.name, 'acs:oss:*:*:*');
    case 'bucket':
      return runInBucket({ ...ctx, bucket: d.bucket }, bucketOperations[d.name], d.name, resourceOf(d.bucket));
    case 'object':
      return runInBucket(objectContext(ctx, d.bucket, d.key), objectOperations[d.name], d.name, resourceOf(d.bucket, d.key));
    case 'multipart':
      return runInBucket(objectContext(ctx, d.bucket, d.key), multipartOperations[d.name], d.name, resourceOf(d.bucket, d.key));
  }
}

function objectContext(ctx: RequestContext, bucket: string, key: string): ObjectContext {
  if (Buffer.byteLength(key) > 1023) throw ossError('InvalidObjectName', { ObjectName: key.slice(0, 64) });
  return { ...ctx, bucket, key };
}

function runAt<C extends RequestContext>(ctx: C, operation: Operation<C>, name: string, resource: string): Promise<void> {
  ctx.server.keys.authorize(ctx.accessKeyId, operation.ram ?? name, resource);
  return operation.run(ctx);
}

function runInBucket<C extends BucketContext>(ctx: C, operation: Operation<C>, name: string, resource: string): Promise<void> {
  ctx.server.keys.authorize(ctx.accessKeyId, operation.ram ?? name, resource);
  if (!operation.createsBucket) requireBucket(ctx, ctx.bucket);
  return operation.run(ctx);
}
