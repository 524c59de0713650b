import type { KafkaTriggerSpec } from '../contracts.js';
import { ApiError, fcErrors } from './errors.js';

const invalid = (why: string) => fcErrors.invalidArgument(`triggerConfig is invalid: ${why}`);

type Json = Record<string, unknown>;
const object = (value: unknown, path: string): Json => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${path} must be an object`);
  return value as Json;
};
const string = (value: unknown, path: string): string => {
  if (typeof value !== 'string' || value === '') throw invalid(`${path} must be a non-empty string`);
  return value;
};
const integer = (value: unknown, path: string, fallback: number): number => {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < 0) throw invalid(`${path} must be a non-negative integer (got ${JSON.stringify(value)})`);
  return value as number;
};

/**
 * A Kafka dead-letter queue's ARN, in the one form EventBridge documents for DeadLetterQueue.Arn:
 * `acs:alikafka:<region>:<uid>:instance/<instanceId>/topic/<topic>` (the example of PutTargetsRequest's
 * DeadLetterQueue.Arn in aliyun/alibabacloud-typescript-sdk eventbridge-20200401; FC 2.0's DeadLetterQueue
 * structure names ApsaraMQ for Kafka as a dead-letter target). The error FC answers for another form is not
 * documented: it is refused here as FC refuses a bad triggerConfig, InvalidArgument.
 */
const KAFKA_DEAD_LETTER_ARN = /^acs:alikafka:([a-z0-9-]+):([0-9]+):instance\/([^/]+)\/topic\/([^/]+)$/;

/** The instance and topic a Kafka dead-letter ARN names; refused unless it has the documented form. */
export function parseDeadLetterArn(arn: string): { regionId: string; accountId: string; instanceId: string; topic: string } {
  const match = KAFKA_DEAD_LETTER_ARN.exec(arn);
  if (!match) {
    throw invalid(`runOptions.deadLetterQueue.Arn must be "acs:alikafka:<region>:<uid>:instance/<instanceId>/topic/<topic>" (got ${JSON.stringify(arn)})`);
  }
  const [, regionId, accountId, instanceId, topic] = match as unknown as [string, string, string, string, string];
  return { regionId, accountId, instanceId, topic };
}

function deadLetterTopicOf(arn: string, bootstrapOf: (instanceId: string) => string | undefined): string {
  const { instanceId, topic } = parseDeadLetterArn(arn);
  if (!bootstrapOf(instanceId)) throw invalid(`runOptions.deadLetterQueue.Arn names instance ${JSON.stringify(instanceId)}, which is not an instance of this region`);
  return topic;
}

/**
 * Reads an `eventbridge` trigger's config with a Kafka source into what the local runtime needs.
 * `bootstrapOf` resolves the source instance to its bootstrap servers (undefined: unknown instance).
 */
export function kafkaTriggerSpec(
  ids: { serviceName: string; functionName: string; triggerName: string },
  triggerConfig: string,
  bootstrapOf: (instanceId: string) => string | undefined,
): KafkaTriggerSpec {
  let config: Json;
  try {
    config = object(JSON.parse(triggerConfig), 'triggerConfig');
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw invalid('it is not JSON');
  }
  const source = object(config.eventSourceConfig, 'eventSourceConfig');
  if (source.eventSourceType !== 'Kafka') throw invalid(`eventSourceConfig.eventSourceType must be "Kafka" locally (got ${JSON.stringify(source.eventSourceType)})`);
  const kafka = object(object(source.eventSourceParameters, 'eventSourceConfig.eventSourceParameters').sourceKafkaParameters, 'sourceKafkaParameters');
  const instanceId = string(kafka.InstanceId, 'sourceKafkaParameters.InstanceId');
  const bootstrapServers = bootstrapOf(instanceId);
  if (!bootstrapServers) throw invalid(`sourceKafkaParameters.InstanceId ${JSON.stringify(instanceId)} is not an instance of this region`);
  const offsetReset = kafka.OffsetReset ?? 'latest';
  if (offsetReset !== 'latest' && offsetReset !== 'earliest') throw invalid(`sourceKafkaParameters.OffsetReset must be latest or earliest (got ${JSON.stringify(offsetReset)})`);

  const run = config.runOptions === undefined ? {} : object(config.runOptions, 'runOptions');
  if (run.mode !== undefined && run.mode !== 'event-streaming') throw invalid(`runOptions.mode must be "event-streaming" for a Kafka source (got ${JSON.stringify(run.mode)})`);
  const errorsTolerance = run.errorsTolerance ?? 'NONE';
  if (errorsTolerance !== 'ALL' && errorsTolerance !== 'NONE') throw invalid(`runOptions.errorsTolerance must be ALL or NONE (got ${JSON.stringify(errorsTolerance)})`);
  const retry = run.retryStrategy === undefined ? {} : object(run.retryStrategy, 'runOptions.retryStrategy');
  const pushRetryStrategy = retry.PushRetryStrategy ?? 'BACKOFF_RETRY';
  if (pushRetryStrategy !== 'BACKOFF_RETRY' && pushRetryStrategy !== 'EXPONENTIAL_DECAY_RETRY') {
    throw invalid(`runOptions.retryStrategy.PushRetryStrategy must be BACKOFF_RETRY or EXPONENTIAL_DECAY_RETRY (got ${JSON.stringify(pushRetryStrategy)})`);
  }
  const window = run.batchWindow === undefined ? {} : object(run.batchWindow, 'runOptions.batchWindow');
  const deadLetter = run.deadLetterQueue === undefined ? undefined : object(run.deadLetterQueue, 'runOptions.deadLetterQueue');

  return {
    ...ids,
    instanceId,
    bootstrapServers,
    topic: string(kafka.Topic, 'sourceKafkaParameters.Topic'),
    consumerGroup: string(kafka.ConsumerGroup, 'sourceKafkaParameters.ConsumerGroup'),
    offsetReset,
    maximumTasks: Math.max(1, integer(run.maximumTasks, 'runOptions.maximumTasks', 1)),
    errorsTolerance,
    retryStrategy: { pushRetryStrategy, maximumRetryAttempts: integer(retry.MaximumRetryAttempts, 'runOptions.retryStrategy.MaximumRetryAttempts', 3) },
    ...(deadLetter?.Arn ? { deadLetterTopic: deadLetterTopicOf(string(deadLetter.Arn, 'runOptions.deadLetterQueue.Arn'), bootstrapOf) } : {}),
    batchWindow: {
      countBasedWindow: Math.max(1, integer(window.CountBasedWindow, 'runOptions.batchWindow.CountBasedWindow', 100)),
      timeBasedWindowSeconds: integer(window.TimeBasedWindow, 'runOptions.batchWindow.TimeBasedWindow', 10),
    },
  };
}
