import { mkdirSync, readFileSync, renameSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Tags { [key: string]: string }

export interface ConsumerGroupRecord { remark: string; createTime: number; tags: Tags }
export interface TopicRecord { remark: string; localTopic: boolean; compactTopic: boolean; createTime: number; tags: Tags }
export interface RoleRecord { roleName: string; roleId: string; serviceName: string; arn: string; createDate: string; description: string }

export interface ServiceRecord {
  serviceName: string;
  serviceId: string;
  description: string;
  role: string;
  vpcConfig?: { vpcId: string; vSwitchIds: string[]; securityGroupId: string };
  internetAccess: boolean;
  tags: Tags;
  createdTime: string;
  lastModifiedTime: string;
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

/** Everything the control plane remembers, by instance / service / function. */
export interface ControlPlaneState {
  consumerGroups: Record<string, Record<string, ConsumerGroupRecord>>;
  topics: Record<string, Record<string, TopicRecord>>;
  roles: Record<string, RoleRecord>;
  services: Record<string, ServiceRecord>;
  functions: Record<string, Record<string, FunctionRecord>>;
  triggers: Record<string, Record<string, Record<string, TriggerRecord>>>;
}

const empty = (): ControlPlaneState => ({ consumerGroups: {}, topics: {}, roles: {}, services: {}, functions: {}, triggers: {} });

/** The state as one JSON file, rewritten atomically (temp file, fsync, rename) after every change. */
export class StateStore {
  readonly state: ControlPlaneState;
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'control-plane.json');
    mkdirSync(dirname(this.file), { recursive: true });
    let loaded: ControlPlaneState;
    try {
      loaded = { ...empty(), ...(JSON.parse(readFileSync(this.file, 'utf8')) as Partial<ControlPlaneState>) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      loaded = empty();
    }
    this.state = loaded;
  }

  save(): void {
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state, null, 1));
    const fd = openSync(temp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.file);
  }
}
