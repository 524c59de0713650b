import type { ServiceLogConfig } from '../cloud/fc.js';

const named = (config: ServiceLogConfig | undefined) => (config ? `${config.project}/${config.logstore}` : 'none');

/**
 * How the logstore a service ships its function logs to should change, as a plan step's detail
 * ("function logs none → fc-logs/sink-logs"); undefined when it is the one wanted.
 */
export function logConfigChange(desired: ServiceLogConfig | undefined, actual: ServiceLogConfig | undefined): string | undefined {
  if (named(desired) === named(actual)) return undefined;
  return `function logs ${named(actual)} → ${named(desired)}`;
}
