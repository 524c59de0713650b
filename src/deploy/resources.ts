import { createHash } from 'node:crypto';
import type { InstanceSummary } from '../definition/catalog.js';
import type { FunctionInput, ServiceInput, TriggerInput } from '../cloud/fc.js';
import type { ServiceRoleSpec } from '../cloud/resourcemanager.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import { connectorGroupTags, taskGroupTags } from '../definition/record.js';
import { CLOUD_STORAGE_MIN_PARTITIONS, editionOf, TOPIC_CONSTRAINTS, type InstanceEdition, type InternalTopicField } from '../definition/rules.js';
import { internalTopics } from '../definition/topics.js';

/**
 * The service-linked roles a connector needs (DESIGN §3.1). A Kafka trigger's event stream reads the instance in its
 * VPC, which takes EventBridge's connect-vpc role besides source-kafka and sendevent-fc (Serverless Devs creates the
 * three for a Kafka trigger: devsapp/fc-deploy src/lib/fc/trigger.ts handlerEbSlr; role list help.aliyun.com/document_detail/181425).
 */
export const SERVICE_LINKED_ROLES = [
  { serviceName: 'connector.alikafka.aliyuncs.com', roleName: 'AliyunServiceRoleForAlikafkaConnector' },
  { serviceName: 'source-kafka.eventbridge.aliyuncs.com', roleName: 'AliyunServiceRoleForEventBridgeSourceKafka' },
  { serviceName: 'sendevent-fc.eventbridge.aliyuncs.com', roleName: 'AliyunServiceRoleForEventBridgeSendToFC' },
  { serviceName: 'connect-vpc.eventbridge.aliyuncs.com', roleName: 'AliyunServiceRoleForEventBridgeConnectVPC' },
] as const;

/**
 * FC's default service role, which the connector's service runs as (FC reaches the instance's VPC through it). The
 * console's authorisation creates it as a role trusting fc.aliyuncs.com with the system policy AliyunFCDefaultRolePolicy
 * (trust policy: devsapp/fc-deploy src/lib/fc/service.ts; the policy is a system one, devsapp/fc#873); FC names it
 * acs:ram::<account>:role/aliyunfcdefaultrole (GetAccountSettings defaultRole).
 */
export const FC_SERVICE_ROLE: ServiceRoleSpec = {
  roleName: 'AliyunFCDefaultRole',
  description: 'Function Compute assumes this role to reach other cloud services, such as the VPC of a Kafka instance.',
  assumeRolePolicyDocument: JSON.stringify({ Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: ['fc.aliyuncs.com'] } }], Version: '1' }),
  policyName: 'AliyunFCDefaultRolePolicy',
};

/** A RAM role's ARN: role names are case-insensitive and ARNs spell them in lower case (acs:ram::<account>:role/aliyunfcdefaultrole). */
export const roleArn = (accountId: string, roleName: string) => `acs:ram::${accountId}:role/${roleName.toLowerCase()}`;

/** Every role deploy makes sure of, by name: the service-linked roles, then FC's service role. */
export const ACCOUNT_ROLE_NAMES: readonly string[] = [...SERVICE_LINKED_ROLES.map((r) => r.roleName), FC_SERVICE_ROLE.roleName];

export const FUNCTION_NAME = 'sink';
export const TRIGGER_NAME = 'kafka-source';
export const TOPIC_REMARK = 'kafka-oss-connector';
export const SECRET_VARIABLE = 'KAFKA_OSS_ACCESS_KEY_SECRET';
/**
 * FC never returns the secret (and deploy never reads it back), so a rotated secret alone would look like no
 * change. The function also carries a fingerprint of it: a salted SHA-256 cut to 64 bits, which tells a
 * changed secret from the same one and says nothing usable about it.
 */
export const SECRET_FINGERPRINT_VARIABLE = 'KAFKA_OSS_ACCESS_KEY_FINGERPRINT';
export const BUNDLE_DIGEST_VARIABLE = 'KAFKA_OSS_BUNDLE_DIGEST';

export const serviceNameOf = (connector: string) => `kafka-oss-${connector}`;

export interface DesiredTopic {
  field: InternalTopicField;
  name: string;
  partitionNum: number;
  localTopic: boolean;
  compactTopic: boolean;
}

export interface DesiredGroup {
  consumerId: string;
  remark: string;
  tags: Record<string, string>;
}

/** Everything deploy wants to exist for one connector. */
export interface DesiredState {
  connector: string;
  regionId: string;
  instanceId: string;
  /** The instance's edition (GetInstanceList SpecType): what storage its topics can have. */
  edition: InstanceEdition;
  groups: DesiredGroup[];
  topics: DesiredTopic[];
  /** Manual mode: the topics must already exist and meet their constraints; deploy creates none. */
  manualTopics: boolean;
  /** The bucket the sink writes to (deploy checks the AccessKey on it). */
  bucket: string;
  /**
   * False for a dry run without the AccessKey secret: the function's environment then carries neither the secret
   * nor its fingerprint, the plan says the secret could not be compared, and the state cannot be applied.
   */
  accessKeySecretGiven: boolean;
  service: ServiceInput;
  function: FunctionInput;
  trigger: TriggerInput;
}

export interface DesiredContext {
  definition: ConnectorDefinition;
  instance: InstanceSummary;
  regionId: string;
  accountId: string;
  /** Where the function reaches OSS (in the cloud: the region's internal endpoint). */
  ossEndpoint: string;
  /** Brokers the function produces error records to. */
  bootstrapServers: string;
  /** Undefined when not given (a dry run): see DesiredState.accessKeySecretGiven. */
  accessKeySecret: string | undefined;
  bundle: Buffer;
  bundleDigest: string;
}

const DEFAULT_PARTITIONS: Record<InternalTopicField, number> = { offsetTopic: 12, configTopic: 1, statusTopic: 6, errorTopic: 6, deadLetterTopic: 6 };

/**
 * How deploy creates each internal topic. On Professional Edition the offset, config and status topics get what the
 * console requires — local storage with compaction — and the error and dead-letter topics, which need neither,
 * cloud storage (the console allows both for them, "存储引擎可以为Local存储或云存储"). On Standard Edition every topic
 * takes the instance's cloud storage, whose minimum of 2 partitions the config topic then has too.
 */
export function desiredTopic(field: InternalTopicField, name: string, edition: InstanceEdition): DesiredTopic {
  const constraint = TOPIC_CONSTRAINTS[field];
  const localTopic = edition === 'professional' && constraint.storage === 'local';
  const partitionNum = localTopic ? DEFAULT_PARTITIONS[field] : Math.max(DEFAULT_PARTITIONS[field], CLOUD_STORAGE_MIN_PARTITIONS);
  return { field, name, partitionNum, localTopic, compactTopic: localTopic && constraint.compact };
}

function desiredTopics(definition: ConnectorDefinition, edition: InstanceEdition): DesiredTopic[] {
  const seen = new Set<string>();
  const topics: DesiredTopic[] = [];
  for (const { field, name } of internalTopics(definition.topics)) {
    if (seen.has(name)) continue; // the dead-letter topic may be the error topic
    seen.add(name);
    topics.push(desiredTopic(field, name, edition));
  }
  return topics;
}

/**
 * The dead-letter queue's ARN for a topic of an alikafka instance, in the form EventBridge documents for
 * DeadLetterQueue.Arn: `acs:alikafka:<region>:<uid>:instance/<instanceId>/topic/<topic>` (PutTargetsRequest's
 * example in aliyun/alibabacloud-typescript-sdk eventbridge-20200401).
 */
export function deadLetterArn(regionId: string, accountId: string, instanceId: string, topic: string): string {
  return `acs:alikafka:${regionId}:${accountId}:instance/${instanceId}/topic/${topic}`;
}

/** The function's environment: what src/sink/environment.ts reads. */
function functionEnvironment(ctx: DesiredContext): Record<string, string> {
  const d = ctx.definition;
  return {
    KAFKA_OSS_CONNECTOR: d.name,
    KAFKA_OSS_BUCKET: d.bucket,
    KAFKA_OSS_REGION: ctx.regionId,
    KAFKA_OSS_OSS_ENDPOINT: ctx.ossEndpoint,
    KAFKA_OSS_ACCESS_KEY_ID: d.accessKeyId,
    ...(ctx.accessKeySecret === undefined
      ? {}
      : { [SECRET_VARIABLE]: ctx.accessKeySecret, [SECRET_FINGERPRINT_VARIABLE]: secretFingerprint(d.name, d.accessKeyId, ctx.accessKeySecret) }),
    KAFKA_OSS_PREFIX: `${d.name}/`,
    KAFKA_OSS_FAILURE_POLICY: d.failurePolicy,
    KAFKA_OSS_ERROR_TOPIC: d.topics.error,
    KAFKA_OSS_BOOTSTRAP_SERVERS: ctx.bootstrapServers,
    [BUNDLE_DIGEST_VARIABLE]: ctx.bundleDigest,
  };
}

export function secretFingerprint(connector: string, accessKeyId: string, secret: string): string {
  return createHash('sha256').update(`kafka-oss secret fingerprint\n${connector}\n${accessKeyId}\n${secret}`).digest('hex').slice(0, 16);
}

export function triggerConfig(ctx: DesiredContext): Record<string, unknown> {
  const d = ctx.definition;
  const vpcId = d.vpcId ?? ctx.instance.vpcId;
  const vSwitchId = d.vSwitchId ?? ctx.instance.vSwitchId;
  return {
    triggerEnable: true,
    asyncInvocationType: false,
    eventRuleFilterPattern: '{}',
    eventSourceConfig: {
      eventSourceType: 'Kafka',
      eventSourceParameters: {
        sourceKafkaParameters: {
          RegionId: ctx.regionId,
          InstanceId: d.instanceId,
          Topic: d.sourceTopic,
          ConsumerGroup: d.taskGroup,
          OffsetReset: d.offsetReset,
          Network: 'Default',
          VpcId: vpcId,
          VSwitchIds: vSwitchId,
          SecurityGroupId: ctx.instance.securityGroup ?? '',
        },
      },
    },
    eventSinkConfig: { deliveryOption: { mode: 'event-streaming', eventSchema: 'CloudEvents' } },
    runOptions: {
      mode: 'event-streaming',
      maximumTasks: d.concurrency,
      errorsTolerance: d.failurePolicy === 'log' ? 'ALL' : 'NONE',
      retryStrategy: { PushRetryStrategy: 'BACKOFF_RETRY' },
      deadLetterQueue: { Arn: deadLetterArn(ctx.regionId, ctx.accountId, d.instanceId, d.topics.deadLetter) },
      // EventBridge pushes a batch at 100 records or after 1 s, whichever comes first (TimeBasedWindow may be 0–15 s):
      // a record reaches OSS about a second after it is written, at the cost of small objects when traffic is low.
      batchWindow: { CountBasedWindow: 100, TimeBasedWindow: 1 },
    },
  };
}

/** The desired state of every resource of DESIGN §3 for one connector. */
export function desiredState(ctx: DesiredContext): DesiredState {
  const d = ctx.definition;
  const vpcId = d.vpcId ?? ctx.instance.vpcId;
  const vSwitchId = d.vSwitchId ?? ctx.instance.vSwitchId;
  const edition = editionOf(ctx.instance.specType);
  return {
    connector: d.name,
    regionId: ctx.regionId,
    instanceId: d.instanceId,
    edition,
    groups: [
      { consumerId: d.taskGroup, remark: 'kafka-oss-task', tags: taskGroupTags(d) },
      { consumerId: d.connectorGroup, remark: 'kafka-oss-connector', tags: connectorGroupTags(d) },
    ],
    topics: desiredTopics(d, edition),
    manualTopics: d.resources === 'manual',
    bucket: d.bucket,
    accessKeySecretGiven: ctx.accessKeySecret !== undefined,
    service: {
      serviceName: serviceNameOf(d.name),
      description: `kafka-oss connector ${d.name}: ${d.sourceTopic} → oss://${d.bucket}`,
      role: roleArn(ctx.accountId, FC_SERVICE_ROLE.roleName),
      vpcConfig: { vpcId, vSwitchIds: [vSwitchId], securityGroupId: ctx.instance.securityGroup ?? '' },
      ...(d.logProject && d.logStore ? { logConfig: { project: d.logProject, logstore: d.logStore } } : {}),
    },
    function: {
      functionName: FUNCTION_NAME,
      description: `Writes ${d.sourceTopic} to oss://${d.bucket}/${d.name}/ (kafka-oss sink)`,
      // FC 2.0 lists nodejs20 (CreateFunction's runtime; Node.js 18 is past its end of life); the sink bundle targets it
      runtime: 'nodejs20',
      handler: 'index.handler',
      timeout: 300,
      memorySize: 512,
      environmentVariables: functionEnvironment(ctx),
      zip: ctx.bundle,
    },
    trigger: { triggerName: TRIGGER_NAME, triggerType: 'eventbridge', description: `kafka-oss: ${d.sourceTopic} → ${FUNCTION_NAME}`, triggerConfig: triggerConfig(ctx) },
  };
}
