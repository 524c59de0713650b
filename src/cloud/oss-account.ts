import OSS from 'ali-oss';
import type { BucketSummary } from '../definition/catalog.js';
import { toCloudApiError } from './cloud-error.js';
import { ossSigningOptions } from './oss.js';
import type { CloudTarget } from './target.js';

/** An ali-oss client for account-level calls (no bucket) as the target's own credentials, signed V4. */
export async function accountOssClient(target: CloudTarget): Promise<OSS> {
  const key = await target.accessKey();
  return new OSS({
    accessKeyId: key.accessKeyId,
    accessKeySecret: key.accessKeySecret,
    ...(key.securityToken ? { stsToken: key.securityToken } : {}),
    endpoint: target.ossEndpoint,
    ...ossSigningOptions(target.regionId),
    timeout: 30_000,
  });
}

/** The account-level OSS call the catalog needs: the buckets this AccessKey can see. */
export async function listBuckets(target: CloudTarget): Promise<BucketSummary[]> {
  const client = await accountOssClient(target);
  const buckets: BucketSummary[] = [];
  let marker: string | undefined;
  do {
    let page: { buckets?: Array<{ name: string; region: string }> | null; nextMarker?: string | null; isTruncated?: boolean };
    try {
      page = (await client.listBuckets({ ...(marker ? { marker } : {}), 'max-keys': '1000' } as never)) as typeof page;
    } catch (err) {
      const e = err as { code?: string; status?: number; message?: string; requestId?: string };
      throw toCloudApiError('OSS ListBuckets', { code: e.code, statusCode: e.status, message: e.message, requestId: e.requestId });
    }
    for (const b of page.buckets ?? []) buckets.push({ name: b.name, region: b.region });
    marker = page.isTruncated ? (page.nextMarker ?? undefined) : undefined;
  } while (marker);
  return buckets;
}
