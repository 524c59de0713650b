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


export interface CloudCatalog {
  readonly regionId: string;
  listInstances(): Promise<InstanceSummary[]>;
  listTopics(instanceId: string): Promise<TopicSummary[]>;
  listConsumerGroups(instanceId: string): Promise<ConsumerGroupSummary[]>;
  listBuckets(): Promise<BucketSummary[]>;
  getVSwitch(vSwitchId: string): Promise<VSwitchSummary | undefined>;
  listConnectors(instanceId: string): Promise<ConnectorRecord[]>;
}
