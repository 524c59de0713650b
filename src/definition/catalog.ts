import type { ConnectorRecord } from './record.js';

export type { ConnectorRecord };

/**
 * What the wizard and the live checks need to know about the user's account. The definition layer owns this port;
 * src/cloud/catalog-sdk.ts implements it over the official SDKs (alikafka, VPC, ali-oss); the same code answers for Alibaba Cloud
 * and for the embedded local cloud.
 */
export interface InstanceSummary {
  instanceId: string;
  name: string;
  regionId: string;
  vpcId: string;
  vSwitchId: string;
  zoneId?: string;
  securityGroup?: string;
  /** GetInstanceList SpecType: professional, professionalForHighRead (Professional Edition) or normal (Standard Edition). */
  specType?: string;
  /** GetInstanceList ServiceStatus: 0 pending, 1 deploying, 5 running, 15 expired. */
  serviceStatus?: number;
  /** Bootstrap endpoints as alikafka reports them (default/VPC, SSL). */
  endpoints: { plaintext?: string; ssl?: string; sasl?: string };
}

export interface TopicSummary {
  name: string;
  partitionNum: number;
  localTopic: boolean;
  compactTopic: boolean;
  remark?: string;
}

export interface ConsumerGroupSummary {
  consumerId: string;
  tags: Record<string, string>;
}

export interface BucketSummary {
  name: string;
  region: string;
}

export interface VSwitchSummary {
  vSwitchId: string;
  vpcId: string;
  zoneId?: string;
}

/** A source topic the wizard creates (alikafka CreateTopic): cloud storage, delete policy, as the console's Create Topic panel does by default. */
export interface NewTopic {
  instanceId: string;
  topic: string;
  /** CreateTopic requires a remark (3–64 letters, digits, "_", "-"). */
  remark: string;
  partitionNum: number;
}

/**
 * Whether an AccessKey can write and read a bucket: put, get back and delete a probe object, as deploy's
 * OSS check does. A refusal says which call failed and why; the secret never appears in it.
 */
export type AccessProbe =
  | { ok: true; /** The key may not delete: the probe object was left behind (the console's policy does not grant it). */ leftBehind?: string }
  | { ok: false; refusal: 'bad-credentials' | 'access-denied' | 'no-such-bucket' | 'failed'; action: string; detail: string };

export interface CloudCatalog {
  readonly regionId: string;
  listInstances(): Promise<InstanceSummary[]>;
  listTopics(instanceId: string): Promise<TopicSummary[]>;
  listConsumerGroups(instanceId: string): Promise<ConsumerGroupSummary[]>;
  listBuckets(): Promise<BucketSummary[]>;
  getVSwitch(vSwitchId: string): Promise<VSwitchSummary | undefined>;
  listConnectors(instanceId: string): Promise<ConnectorRecord[]>;
  createTopic(topic: NewTopic): Promise<void>;
  /** A bucket in the catalog's region. */
  createBucket(name: string): Promise<void>;
  /** Probes `bucket` as the given AccessKey; the probe object goes under `objectPrefix` (the connector's prefix). */
  probeAccess(bucket: string, accessKeyId: string, secret: string, objectPrefix?: string): Promise<AccessProbe>;
  /** Whether the region has this Log Service project. */
  logProjectExists(project: string): Promise<boolean>;
  /** Whether the project has this logstore. */
  logStoreExists(project: string, logstore: string): Promise<boolean>;
}
