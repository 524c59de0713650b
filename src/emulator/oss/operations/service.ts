import type { OperationTable, RequestContext } from '../context.js';
import type { ServiceOperationName } from '../detect.js';
import { invalidArgument } from '../errors.js';
import { sendXml } from '../respond.js';
import { OWNER } from './common.js';

/** Operations on the service itself (no bucket in the request). */
export const serviceOperations: OperationTable<ServiceOperationName, RequestContext> = {
  ListBuckets: { run: listBuckets },
};

async function listBuckets(ctx: RequestContext): Promise<void> {
  const prefix = ctx.query.get('prefix') ?? '';
  const marker = ctx.query.get('marker') ?? '';
  const maxKeys = Number(ctx.query.get('max-keys') ?? '100');
  if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > 1000) throw invalidArgument('max-keys', String(ctx.query.get('max-keys')), 'max-keys must be 1–1000.');
  // names are ASCII, so code-unit order is OSS's byte order and agrees with the marker comparison
  const matching = ctx.server.store.listBuckets().filter((b) => b.name.startsWith(prefix) && b.name > marker).sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = matching.slice(0, maxKeys);
  const truncated = matching.length > page.length;
  const buckets = page.map((b) => ({
    Name: b.name, Region: b.region, Location: `oss-${b.region}`, CreationDate: b.creationDate, StorageClass: 'Standard',
    ExtranetEndpoint: `oss-${b.region}.aliyuncs.com`, IntranetEndpoint: `oss-${b.region}-internal.aliyuncs.com`,
  }));
  sendXml(ctx, 'ListAllMyBucketsResult', {
    Prefix: prefix || undefined, Marker: marker || undefined, MaxKeys: ctx.query.has('max-keys') ? maxKeys : undefined,
    IsTruncated: truncated, NextMarker: truncated ? page[page.length - 1]?.name : undefined, Owner: OWNER, Buckets: { Bucket: buckets },
  });
}
