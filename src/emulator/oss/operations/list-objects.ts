import type { BucketContext } from '../context.js';
import { invalidArgument } from '../errors.js';
import { sendXml } from '../respond.js';
import type { ObjectMeta } from '../storage.js';
import { byteOrder, insertionPoint } from '../store.js';
import { OWNER } from './common.js';

interface PageRequest { prefix: string; delimiter: string; after: string; maxKeys: number }
interface Page { keys: string[]; prefixes: string[]; truncated: boolean; next: string }

/**
 * One page of a listing over keys in byte order: keys after `after` under `prefix`, with keys that share a
 * prefix up to the delimiter rolled into one common prefix, at most `maxKeys` entries of either kind.
 */
export function pageOf(sorted: readonly string[], { prefix, delimiter, after, maxKeys }: PageRequest): Page {
  const page: Page = { keys: [], prefixes: [], truncated: false, next: '' };
  for (let i = firstCandidate(sorted, prefix, after); i < sorted.length; i++) {
    const key = sorted[i] as string;
    if (!key.startsWith(prefix)) {
      if (byteOrder(key, prefix) > 0) break;
      continue;
    }
    if (page.keys.length + page.prefixes.length >= maxKeys) {
      page.truncated = true;
      break;
    }
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut < 0) {
      page.keys.push(key);
      page.next = key;
      continue;
    }
    const common = key.slice(0, cut + delimiter.length);
    // A marker that is itself a common prefix (the previous page's last entry) skips that whole prefix.
    if (common !== after) {
      if (page.prefixes[page.prefixes.length - 1] !== common) page.prefixes.push(common);
      page.next = common;
    }
    while (i + 1 < sorted.length && (sorted[i + 1] as string).startsWith(common)) i++;
  }
  return page;
}

/** Start after the marker, or at the prefix if that comes later: both by binary search over the sorted index. */
function firstCandidate(sorted: readonly string[], prefix: string, after: string): number {
  let first = insertionPoint(sorted, after);
  if (prefix && byteOrder(prefix, after) > 0) {
    let atPrefix = insertionPoint(sorted, prefix);
    if (sorted[atPrefix - 1] === prefix) atPrefix -= 1;
    first = Math.max(first, atPrefix);
  }
  return first;
}

/** ListObjects (marker) and ListObjectsV2 (continuation-token, start-after, fetch-owner). */
export async function listObjects(ctx: BucketContext, v2: boolean): Promise<void> {
  const q = ctx.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = Number(q.get('max-keys') ?? '100');
  if (!Number.isInteger(maxKeys) || maxKeys < 0 || maxKeys > 1000) throw invalidArgument('max-keys', String(q.get('max-keys')), 'max-keys must be 0–1000.');
  const token = q.get('continuation-token');
  const after = v2 ? (token ? Buffer.from(token, 'base64').toString('utf8') : q.get('start-after') ?? '') : q.get('marker') ?? '';
  const page = pageOf(ctx.server.store.sortedKeys(ctx.bucket), { prefix, delimiter, after, maxKeys });
  const enc = (s: string) => (q.get('encoding-type') === 'url' ? encodeURIComponent(s) : s);
  const withOwner = !v2 || q.get('fetch-owner') === 'true';
  const contents = page.keys.map((key) => entryOf(ctx.server.store.head(ctx.bucket, key) as ObjectMeta, enc, withOwner));
  const common = page.prefixes.map((p) => ({ Prefix: enc(p) }));
  const encodingType = q.get('encoding-type') === 'url' ? 'url' : undefined;
  if (v2) {
    sendXml(ctx, 'ListBucketResult', {
      Name: ctx.bucket, Prefix: enc(prefix), StartAfter: q.get('start-after') ?? undefined, ContinuationToken: token ?? undefined,
      MaxKeys: maxKeys, Delimiter: enc(delimiter), EncodingType: encodingType, IsTruncated: page.truncated,
      NextContinuationToken: page.truncated ? Buffer.from(page.next).toString('base64') : undefined, KeyCount: contents.length + common.length,
      Contents: contents, CommonPrefixes: common,
    });
  } else {
    sendXml(ctx, 'ListBucketResult', {
      Name: ctx.bucket, Prefix: enc(prefix), Marker: enc(q.get('marker') ?? ''), MaxKeys: maxKeys, Delimiter: enc(delimiter),
      EncodingType: encodingType, IsTruncated: page.truncated, NextMarker: page.truncated ? enc(page.next) : undefined, Contents: contents, CommonPrefixes: common,
    });
  }
}

function entryOf(meta: ObjectMeta, enc: (s: string) => string, withOwner: boolean) {
  return {
    Key: enc(meta.key), LastModified: new Date(meta.lastModified).toISOString(), ETag: meta.etag, Type: meta.etag.includes('-') ? 'Multipart' : 'Normal',
    Size: meta.size, StorageClass: 'Standard', ...(withOwner ? { Owner: OWNER } : {}),
  };
}
