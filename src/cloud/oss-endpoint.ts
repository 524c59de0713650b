/**
 * The region of an OSS endpoint, from its host: `oss-<region>[-internal].aliyuncs.com` (a bucket may come first)
 * or the `<region>.oss.aliyuncs.com` form; undefined for a host that names none (a local server, a custom domain).
 */
export function regionOfOssEndpoint(endpoint: string): string | undefined {
  const host = endpoint.replace(/^[a-z]+:\/\//i, '').replace(/[:/].*$/s, '').toLowerCase();
  const ossStyle = /(?:^|\.)oss-([a-z]{2}-[a-z0-9-]+?)(?:-internal)?\.aliyuncs\.com$/.exec(host);
  if (ossStyle) return ossStyle[1];
  return /(?:^|\.)([a-z]{2}-[a-z0-9-]+)\.oss(?:-internal)?\.aliyuncs\.com$/.exec(host)?.[1];
}
