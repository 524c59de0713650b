import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { invalidUri } from './errors.js';

/** What a request names: the service, a bucket, or an object in a bucket. */
export type Target =
  | { level: 'service' }
  | { level: 'bucket'; bucket: string }
  | { level: 'object'; bucket: string; key: string };

export interface Route {
  target: Target;
  /** Query parameters in order; null for a parameter given without "=". */
  query: Array<[string, string | null]>;
}

/** Bucket, key and query of a request: virtual-hosted (`<bucket>.oss-<region>.aliyuncs.com`) or path style. */
export function routeOf(req: IncomingMessage): Route {
  const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
  const path = decodeOrRefuse(rawPath);
  const query = parseQuery(rawQuery);
  const hostBucket = bucketOfHost(String(req.headers.host ?? '').replace(/:\d+$/, ''));
  if (hostBucket !== undefined) return { target: targetOf(hostBucket, path.length > 1 ? path.slice(1) : ''), query };
  const [, bucket = '', key = ''] = /^\/([^/]*)\/?(.*)$/s.exec(path) ?? [];
  return { target: targetOf(bucket, key), query };
}

function targetOf(bucket: string, key: string): Target {
  if (!bucket) return { level: 'service' };
  return key ? { level: 'object', bucket, key } : { level: 'bucket', bucket };
}

/** `<bucket>.oss-<region>.aliyuncs.com` names a bucket; the bare service host, an IP or localhost does not. */
function bucketOfHost(hostname: string): string | undefined {
  const serviceHost = /^oss-[a-z0-9-]+\.aliyuncs\.com$/.test(hostname);
  const virtualHosted = hostname !== '' && isIP(hostname) === 0 && hostname !== 'localhost' && hostname.includes('.') && !serviceHost;
  return virtualHosted ? hostname.split('.')[0] : undefined;
}

function parseQuery(raw: string): Array<[string, string | null]> {
  if (!raw) return [];
  const decode = (s: string) => decodeOrRefuse(s.replace(/\+/g, '%20'));
  return raw.split('&').filter(Boolean).map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? [decode(pair), null] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
  });
}

export function decodeOrRefuse(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidUri(text);
  }
}
