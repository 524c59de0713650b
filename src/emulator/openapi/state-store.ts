import { closeSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { privateDirSync, privateFileModeSync, writePrivateFileSync } from '../private-files.js';

/** Tags by key, in an object without a prototype so that any key (`__proto__`, `constructor`) is an ordinary one. */
export type Tags = Record<string, string>;

export function newTags(from: Record<string, unknown> = {}): Tags {
  const tags = Object.create(null) as Tags;
  for (const [key, value] of Object.entries(from)) tags[key] = String(value);
  return tags;
}

export interface ConsumerGroupRecord { remark: string; createTime: number; tags: Tags }
export interface TopicRecord { remark: string; localTopic: boolean; compactTopic: boolean; createTime: number; tags: Tags }
export interface RoleRecord {
  roleName: string;
  roleId: string;
  /** The service the role trusts ('' when its trust policy names none). */
  serviceName: string;
  arn: string;
  createDate: string;
  description: string;
  /** Absent in records saved before roles other than service-linked ones existed: those are service-linked. */
  isServiceLinkedRole?: boolean;
  assumeRolePolicyDocument?: string;
  maxSessionDuration?: number;
  /** Names of the system policies attached to the role. */
  attachedPolicies?: string[];
}

export interface ServiceRecord {
  serviceName: string;
  serviceId: string;
  description: string;
  role: string;
  vpcConfig?: { vpcId: string; vSwitchIds: string[]; securityGroupId: string };
  /** Where FC ships the functions' logs (a Log Service logstore); absent: nowhere. */
  logConfig?: ServiceLogConfig;
  internetAccess: boolean;
  tags: Tags;
  createdTime: string;
  lastModifiedTime: string;
}

/** FC's LogConfig (FC 2.0 API reference, LogConfig structure). */
export interface ServiceLogConfig {
  project: string;
  logstore: string;
  enableRequestMetrics: boolean;
  enableInstanceMetrics: boolean;
  logBeginRule: string;
}

/** A Log Service project (the SDK's Project model, the fields the local cloud keeps). */
export interface LogProjectRecord {
  projectName: string;
  description: string;
  createTime: string;
  lastModifyTime: string;
}

/** A Log Service logstore (the SDK's Logstore model, the fields the local cloud keeps). */
export interface LogStoreRecord {
  logstoreName: string;
  ttl: number;
  shardCount: number;
  createTime: number;
  lastModifyTime: number;
}

export interface FunctionRecord {
  functionName: string;
  functionId: string;
  description: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  environmentVariables: Record<string, string>;
  codeSize: number;
  codeChecksum: string;
  /** Directory (under the data dir) holding this version of the unzipped code. */
  codeDir: string;
  createdTime: string;
  lastModifiedTime: string;
}

export interface TriggerRecord {
  triggerName: string;
  triggerId: string;
  triggerType: string;
  description: string;
  invocationRole: string;
  qualifier: string;
  sourceArn: string;
  /** As FC stores it: a JSON string. */
  triggerConfig: string;
  createdTime: string;
  lastModifiedTime: string;
}

/**
 * Everything the control plane remembers, in maps by name (instance / service / function): names
 * come from callers, and in a map `__proto__` or `constructor` are names like any other.
 */
export interface ControlPlaneState {
  consumerGroups: Map<string, Map<string, ConsumerGroupRecord>>;
  topics: Map<string, Map<string, TopicRecord>>;
  roles: Map<string, RoleRecord>;
  services: Map<string, ServiceRecord>;
  functions: Map<string, Map<string, FunctionRecord>>;
  triggers: Map<string, Map<string, Map<string, TriggerRecord>>>;
  logProjects: Map<string, LogProjectRecord>;
  /** By project, then logstore name. */
  logStores: Map<string, Map<string, LogStoreRecord>>;
}

/** The table under `key`, made empty on first use. */
export function tableIn<V>(tables: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let table = tables.get(key);
  if (!table) tables.set(key, (table = new Map()));
  return table;
}

type Json = Record<string, unknown>;

/** Maps as JSON objects (without prototypes, so a `__proto__` key is written as a key). */
function plain(value: unknown): unknown {
  if (!(value instanceof Map)) return value;
  const object = Object.create(null) as Json;
  for (const [key, inner] of value) object[key as string] = plain(inner);
  return object;
}

/** A JSON object of `depth` levels of names back into maps; `leaf` revives each record. */
function mapsOf<T>(value: unknown, depth: number, leaf: (record: Json) => T): Map<string, unknown> {
  const entries = typeof value === 'object' && value !== null ? Object.entries(value as Json) : [];
  return new Map(entries.map(([key, inner]) => [key, depth > 1 ? mapsOf(inner, depth - 1, leaf) : leaf(inner as Json)]));
}

const withTags = <T>(record: Json) => ({ ...record, tags: newTags((record.tags ?? {}) as Json) }) as T;
const asIs = <T>(record: Json) => record as T;

function revive(saved: Json): ControlPlaneState {
  return {
    consumerGroups: mapsOf(saved.consumerGroups, 2, withTags) as ControlPlaneState['consumerGroups'],
    topics: mapsOf(saved.topics, 2, withTags) as ControlPlaneState['topics'],
    roles: mapsOf(saved.roles, 1, asIs) as ControlPlaneState['roles'],
    services: mapsOf(saved.services, 1, withTags) as ControlPlaneState['services'],
    functions: mapsOf(saved.functions, 2, asIs) as ControlPlaneState['functions'],
    triggers: mapsOf(saved.triggers, 3, asIs) as ControlPlaneState['triggers'],
    logProjects: mapsOf(saved.logProjects, 1, asIs) as ControlPlaneState['logProjects'],
    logStores: mapsOf(saved.logStores, 2, asIs) as ControlPlaneState['logStores'],
  };
}

/**
 * The state as one JSON file, rewritten atomically (temp file, fsync, rename) after every change. It holds
 * deployed functions' environment variables, secrets among them: the file is 0600 in a 0700 directory.
 */
export class StateStore {
  readonly state: ControlPlaneState;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'control-plane.json');
    privateDirSync(dirname(this.file));
    privateFileModeSync(this.file);
    let saved: Json = {};
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8')) as Json;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.state = revive(saved);
  }

  save(): void {
    const state = Object.fromEntries(Object.entries(this.state).map(([table, maps]) => [table, plain(maps)]));
    writePrivateFileSync(this.file, JSON.stringify(state, null, 1), (temp) => {
      const fd = openSync(temp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    });
  }
}
