import { createHash } from 'node:crypto';
import type { InstanceSummary } from '../definition/catalog.js';
import type { FunctionInput, ServiceInput, TriggerInput } from '../cloud/fc.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import { connectorGroupTags, taskGroupTags } from '../definition/record.js';
import { TOPIC_CONSTRAINTS, type InternalTopicField } from '../definition/rules.js';

/** The service-linked roles a connector needs (DESIGN §3.1). */
export const SERVICE_LINKED_ROLES = [
  { serviceName: 'connector.alikafka.aliyuncs.com', roleName: 'AliyunServiceRoleForAlikafkaConnector' },
  { serviceName: 'source-kafka.eventbridge.aliyuncs.com', roleName: 'AliyunServiceRoleForEventBridgeSourceKafka' },
  { serviceName: 'sendevent-fc.eventbridge.aliyuncs.com', roleName: 'AliyunServiceRoleForEventBridgeSendToFC' },
] as const;

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
  instanceId: string;
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

function desiredTopics(definition: ConnectorDefinition): DesiredTopic[] {
  const entries: Array<[InternalTopicField, string]> = [
    ['offsetTopic', definition.topics.offset],
    ['configTopic', definition.topics.config],
    ['statusTopic', definition.topics.status],
    ['errorTopic', definition.topics.error],
    ['deadLetterTopic', definition.topics.deadLetter],
  ];
  const seen = new Set<string>();
  const topics: DesiredTopic[] = [];
  for (const [field, name] of entries) {
    if (seen.has(name)) continue; // the dead-letter topic may be the error topic
    seen.add(name);
    const constraint = TOPIC_CONSTRAINTS[field];
    topics.push({ field, name, partitionNum: DEFAULT_PARTITIONS[field], localTopic: true, compactTopic: constraint.compact });
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
      batchWindow: { CountBasedWindow: 100, TimeBasedWindow: 3 },
    },
  };
}

/** The desired state of every resource of DESIGN §3 for one connector. */
export function desiredState(ctx: DesiredContext): DesiredState {
  const d = ctx.definition;
  const vpcId = d.vpcId ?? ctx.instance.vpcId;
  const vSwitchId = d.vSwitchId ?? ctx.instance.vSwitchId;
  return {
    connector: d.name,
    instanceId: d.instanceId,
    groups: [
      { consumerId: d.taskGroup, remark: 'kafka-oss-task', tags: taskGroupTags(d) },
      { consumerId: d.connectorGroup, remark: 'kafka-oss-connector', tags: connectorGroupTags(d) },
    ],
    topics: desiredTopics(d),
    manualTopics: d.resources === 'manual',
    bucket: d.bucket,
    accessKeySecretGiven: ctx.accessKeySecret !== undefined,
    service: {
      serviceName: serviceNameOf(d.name),
      description: `kafka-oss connector ${d.name}: ${d.sourceTopic} → oss://${d.bucket}`,
      role: `acs:ram::${ctx.accountId}:role/aliyunfcdefaultrole`,
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
