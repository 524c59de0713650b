/**
 * Object names: deterministic in (topic, partition, first offset) and sortable by offset, so a replay from
 * the committed offset rewrites the same object. Layout:
 *
 *   {prefix}/{topic}/{partition}/{firstOffset:020}.json                       (timePath "none")
 *   {prefix}/{yyyy}/{MM}/{dd}/{topic}/{partition}/{firstOffset:020}.json      (timePath "day", UTC)
 *   {prefix}/{yyyy}/{MM}/{dd}/{HH}/{topic}/{partition}/{firstOffset:020}.json (timePath "hour", UTC)
 *
 * The date comes from the FIRST record's timestamp, which a replay sees again, so it is deterministic too.
 */
export type TimePath = 'none' | 'day' | 'hour';

export const TIME_PATHS: readonly TimePath[] = ['none', 'day', 'hour'];

export interface NamingOptions {
  /** Without leading or trailing `/`; empty for the bucket's root. */
  prefix: string;
  timePath: TimePath;
}

export function objectName(naming: NamingOptions, topic: string, partition: number, firstOffset: number, firstTimestamp: number): string {
  const parts: string[] = [];
  const prefix = normalizePrefix(naming.prefix);
  if (prefix) parts.push(prefix);
  if (naming.timePath !== 'none') {
    const date = new Date(Number.isFinite(firstTimestamp) && firstTimestamp >= 0 ? firstTimestamp : 0);
    parts.push(String(date.getUTCFullYear()).padStart(4, '0'), pad2(date.getUTCMonth() + 1), pad2(date.getUTCDate()));
    if (naming.timePath === 'hour') parts.push(pad2(date.getUTCHours()));
  }
  parts.push(topic, String(partition), `${String(firstOffset).padStart(20, '0')}.json`);
  return parts.join('/');
}

export function normalizePrefix(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}

/** Where a reader lists the objects of one partition (no time path): `{prefix}/{topic}/{partition}/`. */
export function partitionFolder(naming: NamingOptions, topic: string, partition: number): string {
  const prefix = normalizePrefix(naming.prefix);
  return `${prefix ? `${prefix}/` : ''}${topic}/${partition}/`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
