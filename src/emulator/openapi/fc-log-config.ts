import type { LogTarget } from '../contracts.js';
import { fcErrors } from './errors.js';
import type { FcEnv } from './fc-context.js';
import type { ServiceLogConfig, ServiceRecord } from './state-store.js';

/**
 * A service's logConfig from a CreateService/UpdateService body (FC 2.0 API reference, LogConfig: project, logstore,
 * enableRequestMetrics, enableInstanceMetrics, logBeginRule). Empty project and logstore take it away, as Terraform's
 * alicloud_fc_service sends a removed log_config. Undefined: the body does not touch it.
 */
export function logConfigOf(body: Readonly<Record<string, unknown>>): ServiceLogConfig | null | undefined {
  const given = body.logConfig;
  if (!given || typeof given !== 'object') return undefined;
  const c = given as Partial<Record<keyof ServiceLogConfig, unknown>>;
  const project = typeof c.project === 'string' ? c.project : '';
  const logstore = typeof c.logstore === 'string' ? c.logstore : '';
  if (!project && !logstore) return null;
  if (!project || !logstore) throw fcErrors.invalidArgument('logConfig needs both project and logstore (or neither, to ship no logs)');
  return {
    project,
    logstore,
    enableRequestMetrics: c.enableRequestMetrics === true,
    enableInstanceMetrics: c.enableInstanceMetrics === true,
    logBeginRule: typeof c.logBeginRule === 'string' ? c.logBeginRule : 'None',
  };
}

/**
 * The project and logstore must exist before a service names them ("LogProject と Logstore がすでに存在する必要があります",
 * FC's logging guide, alibabacloud.com/help/ja/fc/configure-the-logging-feature); FC's own wording of the refusal is
 * not documented.
 */
export function checkLogConfig(env: FcEnv, record: ServiceRecord): void {
  const config = record.logConfig;
  if (!config) return;
  const { logProjects, logStores } = env.store.state;
  if (!logProjects.has(config.project)) throw fcErrors.invalidArgument(`logConfig: Log Service project '${config.project}' does not exist`);
  if (!logStores.get(config.project)?.has(config.logstore)) {
    throw fcErrors.invalidArgument(`logConfig: logstore '${config.logstore}' does not exist in Log Service project '${config.project}'`);
  }
}

/** Where a service's functions ship their logs now. */
export function logTargetOf(env: FcEnv, serviceName: string): LogTarget | undefined {
  const config = env.store.state.services.get(serviceName)?.logConfig;
  return config ? { project: config.project, logstore: config.logstore } : undefined;
}
