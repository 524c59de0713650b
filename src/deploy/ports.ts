import type { CreateTopicInput } from '../cloud/alikafka.js';
import type { AccountSettings, FunctionInput, FunctionState, ServiceInput, ServiceState, TriggerInput, TriggerState } from '../cloud/fc.js';
import type { RoleSummary, ServiceRoleSpec } from '../cloud/resourcemanager.js';
import type { BucketSummary, ConsumerGroupSummary, TopicSummary, VSwitchSummary } from '../definition/catalog.js';

/*
 * The ports: what deploy, describe and delete use of each cloud product, and nothing more. The adapters in
 * src/cloud satisfy them structurally (session.ts assigns them to these types, so the compiler checks it);
 * observe, plan and apply see only these interfaces, so tests can hand them plain objects.
 */

/** Message Queue for Kafka (alikafka 2019-09-16): the connector's topics and consumer groups. */
export interface AlikafkaPort {
  listTopics(instanceId: string): Promise<TopicSummary[]>;
  createTopic(input: CreateTopicInput): Promise<void>;
  deleteTopic(instanceId: string, topic: string): Promise<void>;
  listConsumerGroups(instanceId: string): Promise<ConsumerGroupSummary[]>;
  createConsumerGroup(instanceId: string, consumerId: string, opts?: { remark?: string; tags?: Record<string, string> }): Promise<void>;
  deleteConsumerGroup(instanceId: string, consumerId: string): Promise<void>;
}

/** ResourceManager 2020-03-31: the service-linked roles and FC's service role (shared by every connector of the account). */
export interface RolesPort {
  /** Undefined when the role does not exist. */
  getRole(roleName: string): Promise<RoleSummary | undefined>;
  /** Creates the role; one that exists already is returned as it is. */
  ensureServiceLinkedRole(serviceName: string, roleName: string): Promise<{ created: boolean; role: RoleSummary }>;
  /** Creates the role with its system policy; one that exists already is returned as it is. */
  ensureServiceRole(spec: ServiceRoleSpec): Promise<{ created: boolean; role: RoleSummary }>;
}

/** VPC 2016-04-28: the VSwitch the connector's service reaches the instance through. */
export interface VpcPort {
  /** Undefined when VPC does not know the VSwitch. */
  getVSwitch(vSwitchId: string): Promise<VSwitchSummary | undefined>;
}

/** OSS as the deploying AccessKey sees the account: its buckets, with their regions. */
export interface BucketsPort {
  listBuckets(): Promise<BucketSummary[]>;
}

/** Function Compute 2021-04-06: the account's settings; the connector's service, function and trigger. Getters answer undefined for "not found". */
export interface FcPort {
  getAccountSettings(): Promise<AccountSettings>;
  getService(serviceName: string): Promise<ServiceState | undefined>;
  createService(input: ServiceInput): Promise<void>;
  updateService(input: ServiceInput): Promise<void>;
  /** False when the service was already gone. */
  deleteService(serviceName: string): Promise<boolean>;
  getFunction(serviceName: string, functionName: string): Promise<FunctionState | undefined>;
  createFunction(serviceName: string, input: FunctionInput): Promise<void>;
  updateFunction(serviceName: string, input: FunctionInput): Promise<void>;
  deleteFunction(serviceName: string, functionName: string): Promise<boolean>;
  getTrigger(serviceName: string, functionName: string, triggerName: string): Promise<TriggerState | undefined>;
  createTrigger(serviceName: string, functionName: string, input: TriggerInput): Promise<void>;
  updateTrigger(serviceName: string, functionName: string, input: TriggerInput): Promise<void>;
  deleteTrigger(serviceName: string, functionName: string, triggerName: string): Promise<boolean>;
}

/** OSS, as the connector's own AccessKey sees its bucket: what the permission probe does. */
export interface OssObjectsPort {
  readonly bucket: string;
  put(name: string, body: string, options?: { contentType?: string }): Promise<unknown>;
  get(name: string): Promise<Buffer>;
  delete(name: string): Promise<void>;
}

/** The control-plane ports observe needs. FC is absent while the account id (part of FC's endpoint) is not known. */
export interface ControlPlanePorts {
  alikafka: AlikafkaPort;
  roles: RolesPort;
  fc?: FcPort;
}
