import { slsErrors } from './errors.js';
import { tableIn, type LogStoreRecord, type StateStore } from './state-store.js';
import type { SlsCall } from './sls-call.js';

/*
 * Log Service projects and logstores, as far as a service's logConfig needs them: CreateProject, GetProject,
 * CreateLogStore, GetLogStore and ListLogStores (SLS 2020-12-30 API reference; bodies and names from the SDK's
 * request models in @alicloud/sls20201230, which state the name rules quoted below).
 */

/** "lowercase letters, digits, and hyphens; start and end with a lowercase letter or a digit; 3 to 63 characters" (CreateProjectRequest.projectName). */
export const PROJECT_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** "lowercase letters, digits, hyphens and underscores; start and end with a lowercase letter or digit; 3 to 63 characters" (CreateLogStoreRequest.logstoreName). */
export const LOGSTORE_NAME = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;

export function projectOf(call: SlsCall): string {
  const { project } = call;
  if (!project) throw slsErrors.hostInvalid(call.host);
  if (!call.store.state.logProjects.has(project)) throw slsErrors.projectNotFound(project);
  return project;
}

export function logStoreOf(call: SlsCall, logstore: string): LogStoreRecord {
  const record = call.store.state.logStores.get(projectOf(call))?.get(logstore);
  if (!record) throw slsErrors.logStoreNotFound(logstore);
  return record;
}

const unixNow = () => String(Math.floor(Date.now() / 1000));

export function createProject(call: SlsCall): unknown {
  const name = call.json.projectName;
  if (typeof name !== 'string' || !PROJECT_NAME.test(name)) throw slsErrors.parameterInvalid(`projectName: ${JSON.stringify(name)} must be 3–63 lowercase letters, digits and "-", starting and ending with a letter or digit`);
  if (typeof call.json.description !== 'string') throw slsErrors.parameterInvalid('description is required');
  if (call.store.state.logProjects.has(name)) throw slsErrors.projectExists(name);
  call.store.state.logProjects.set(name, { projectName: name, description: call.json.description, createTime: unixNow(), lastModifyTime: unixNow() });
  call.store.save();
  return undefined;
}

export function getProject(call: SlsCall, regionId: string): unknown {
  const record = call.store.state.logProjects.get(projectOf(call))!;
  return { ...record, region: regionId, status: 'Normal', owner: '', location: '' };
}

export function createLogStore(call: SlsCall): unknown {
  const project = projectOf(call);
  const { logstoreName: name, ttl, shardCount } = call.json;
  if (typeof name !== 'string' || !LOGSTORE_NAME.test(name)) throw slsErrors.parameterInvalid(`logstoreName: ${JSON.stringify(name)} must be 3–63 lowercase letters, digits, "-" and "_", starting and ending with a letter or digit`);
  // ttl 1–3650 days, shardCount required (CreateLogStoreRequest.ttl, .shardCount)
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > 3650) throw slsErrors.parameterInvalid(`ttl: must be 1 to 3650 days (got ${JSON.stringify(ttl)})`);
  if (typeof shardCount !== 'number' || !Number.isInteger(shardCount) || shardCount < 1) throw slsErrors.parameterInvalid(`shardCount: must be a whole number ≥ 1 (got ${JSON.stringify(shardCount)})`);
  const stores = tableIn(call.store.state.logStores, project);
  if (stores.has(name)) throw slsErrors.logStoreExists(name);
  const at = Math.floor(Date.now() / 1000);
  stores.set(name, { logstoreName: name, ttl, shardCount, createTime: at, lastModifyTime: at });
  call.store.save();
  return undefined;
}

export function getLogStore(call: SlsCall, logstore: string): unknown {
  return { ...logStoreOf(call, logstore), appendMeta: false, autoSplit: false, enable_tracking: false, telemetryType: 'None', mode: 'standard' };
}

export function listLogStores(call: SlsCall): unknown {
  const names = [...(call.store.state.logStores.get(projectOf(call))?.keys() ?? [])].sort();
  return { count: names.length, total: names.length, logstores: names };
}

/** The project and logstore a fresh local cloud has, so that a connector can ship its logs with no set-up. */
export const SEEDED_LOGSTORE = { project: 'kafka-oss-local', logstore: 'function-logs' } as const;

export function seedLogStore(store: StateStore): void {
  const { project, logstore } = SEEDED_LOGSTORE;
  const { logProjects, logStores } = store.state;
  if (logProjects.has(project)) return;
  const at = Math.floor(Date.now() / 1000);
  logProjects.set(project, { projectName: project, description: 'seeded by the local cloud for function logs', createTime: String(at), lastModifyTime: String(at) });
  tableIn(logStores, project).set(logstore, { logstoreName: logstore, ttl: 30, shardCount: 2, createTime: at, lastModifyTime: at });
  store.save();
}
