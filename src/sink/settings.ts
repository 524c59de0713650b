import { DEFAULT_MAX_VALUE_BYTES } from './record.js';
import type { NamingOptions } from './naming.js';

export type FailurePolicy = 'log' | 'fail';

export const FAILURE_POLICIES: readonly FailurePolicy[] = ['log', 'fail'];

/** How the sink cuts and names objects; shared by the FC handler and the local runner. */
export interface SinkSettings {
  naming: NamingOptions;
  failurePolicy: FailurePolicy;
  /** Values above this many bytes are cut at a character boundary and flagged. */
  maxValueBytes: number;
  /** An object closes when it holds this many records… */
  maxRecordsPerObject: number;
  /** …or this many bytes of JSON… */
  maxBytesPerObject: number;
  /** …or its first record has waited this long (idle partitions included). */
  flushIntervalMs: number;
  /** Above this many buffered bytes over all partitions, the partition being fed is flushed before fetching more. */
  maxBufferedBytes: number;
}

export const DEFAULT_SINK_SETTINGS: SinkSettings = {
  naming: { prefix: '', timePath: 'none' },
  failurePolicy: 'log',
  maxValueBytes: DEFAULT_MAX_VALUE_BYTES,
  maxRecordsPerObject: 10_000,
  maxBytesPerObject: 4 * 1024 * 1024,
  flushIntervalMs: 10_000,
  maxBufferedBytes: 64 * 1024 * 1024,
};

/** Checks numeric settings; returns every problem as "field: rule (got value)". */
export function validateSinkSettings(settings: SinkSettings): string[] {
  const problems: string[] = [];
  const positive = (field: string, value: number) => {
    if (!Number.isInteger(value) || value < 1) problems.push(`${field}: must be a positive integer (got ${value})`);
  };
  positive('maxValueBytes', settings.maxValueBytes);
  positive('maxRecordsPerObject', settings.maxRecordsPerObject);
  positive('maxBytesPerObject', settings.maxBytesPerObject);
  positive('flushIntervalMs', settings.flushIntervalMs);
  positive('maxBufferedBytes', settings.maxBufferedBytes);
  if (!['log', 'fail'].includes(settings.failurePolicy)) {
    problems.push(`failurePolicy: must be log or fail (got ${JSON.stringify(settings.failurePolicy)})`);
  }
  if (!['none', 'day', 'hour'].includes(settings.naming.timePath)) {
    problems.push(`timePath: must be none, day or hour (got ${JSON.stringify(settings.naming.timePath)})`);
  }
  if (/(^|\/)\.\.?(\/|$)|\\/.test(settings.naming.prefix)) {
    problems.push(`prefix: must not contain "." or ".." segments or backslashes (got ${JSON.stringify(settings.naming.prefix)})`);
  }
  return problems;
}
