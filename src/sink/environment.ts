import { SASL_MECHANISMS, type KafkaConnectionOptions, type SaslMechanism } from '../kafka/connection.js';
import type { OssBucketOptions } from '../cloud/oss.js';
import { regionOfOssEndpoint } from '../cloud/oss-endpoint.js';
import { TIME_PATHS, type TimePath } from './naming.js';
import { DEFAULT_SINK_SETTINGS, FAILURE_POLICIES, validateSinkSettings, type FailurePolicy, type SinkSettings } from './settings.js';

/**
 * The FC function's settings, from its environment variables (deploy sets them):
 *
 * | variable                          | meaning                                                     | default |
 * |-----------------------------------|-------------------------------------------------------------|---------|
 * | KAFKA_OSS_BUCKET                  | target bucket (required)                                    | —       |
 * | KAFKA_OSS_OSS_ENDPOINT            | OSS endpoint, e.g. https://oss-cn-hangzhou-internal.aliyuncs.com | from region |
 * | KAFKA_OSS_REGION                  | region id, e.g. cn-hangzhou (signs V4)                      | from endpoint |
 * | KAFKA_OSS_ACCESS_KEY_ID           | AccessKey for OSS                                           | the function's role credentials |
 * | KAFKA_OSS_ACCESS_KEY_SECRET       | its secret (never logged)                                   | —       |
 * | KAFKA_OSS_PREFIX                  | object name prefix                                          | empty   |
 * | KAFKA_OSS_TIME_PATH               | none, day or hour                                           | none    |
 * | KAFKA_OSS_MAX_VALUE_BYTES         | values above are cut and flagged                            | 262144  |
 * | KAFKA_OSS_FAILURE_POLICY          | log or fail                                                 | log     |
 * | KAFKA_OSS_ERROR_TOPIC             | where `log` sends bad records                               | none    |
 * | KAFKA_OSS_BOOTSTRAP_SERVERS       | brokers for the error topic                                 | —       |
 * | KAFKA_OSS_SASL_MECHANISM / _USERNAME / _PASSWORD | SASL for those brokers                       | none    |
 */
export interface HandlerConfig {
  oss: OssBucketOptions;
  settings: SinkSettings;
  errorTopic?: { topic: string; connection: KafkaConnectionOptions };
}

export interface RoleCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export function handlerConfigFromEnv(env: NodeJS.ProcessEnv, role?: RoleCredentials): HandlerConfig {
  const problems: string[] = [];
  const bucket = env.KAFKA_OSS_BUCKET ?? '';
  if (!bucket) problems.push('KAFKA_OSS_BUCKET: is required (the target bucket)');
  const endpoint = env.KAFKA_OSS_OSS_ENDPOINT;
  const region = env.KAFKA_OSS_REGION;
  if (!endpoint && !region) problems.push('KAFKA_OSS_OSS_ENDPOINT or KAFKA_OSS_REGION: one is required');
  else if (!region && endpoint && !regionOfOssEndpoint(endpoint)) problems.push(`KAFKA_OSS_REGION: is required when KAFKA_OSS_OSS_ENDPOINT names no region (OSS requests are signed V4); got endpoint ${endpoint}`);
  const accessKeyId = env.KAFKA_OSS_ACCESS_KEY_ID ?? role?.accessKeyId ?? '';
  const accessKeySecret = env.KAFKA_OSS_ACCESS_KEY_ID ? (env.KAFKA_OSS_ACCESS_KEY_SECRET ?? '') : (role?.accessKeySecret ?? '');
  if (!accessKeyId || !accessKeySecret) problems.push('KAFKA_OSS_ACCESS_KEY_ID and KAFKA_OSS_ACCESS_KEY_SECRET: are required (or a service role)');
  const policy = (env.KAFKA_OSS_FAILURE_POLICY ?? 'log') as FailurePolicy;
  if (!FAILURE_POLICIES.includes(policy)) problems.push(`KAFKA_OSS_FAILURE_POLICY: must be log or fail (got ${JSON.stringify(env.KAFKA_OSS_FAILURE_POLICY)})`);
  const timePath = (env.KAFKA_OSS_TIME_PATH ?? 'none') as TimePath;
  if (!TIME_PATHS.includes(timePath)) problems.push(`KAFKA_OSS_TIME_PATH: must be none, day or hour (got ${JSON.stringify(env.KAFKA_OSS_TIME_PATH)})`);
  const maxValueBytes = env.KAFKA_OSS_MAX_VALUE_BYTES ? Number(env.KAFKA_OSS_MAX_VALUE_BYTES) : DEFAULT_SINK_SETTINGS.maxValueBytes;
  const settings: SinkSettings = {
    ...DEFAULT_SINK_SETTINGS,
    naming: { prefix: env.KAFKA_OSS_PREFIX ?? '', timePath },
    failurePolicy: policy,
    maxValueBytes,
    // FC writes one object per partition of each invocation's batch.
    maxRecordsPerObject: Number.MAX_SAFE_INTEGER,
  };
  problems.push(...validateSinkSettings(settings).map((p) => (p.startsWith('maxValueBytes') ? `KAFKA_OSS_MAX_VALUE_BYTES: ${p.slice(15)}` : p)));
  let errorTopic: HandlerConfig['errorTopic'];
  if (env.KAFKA_OSS_ERROR_TOPIC) {
    const bootstrapServers = env.KAFKA_OSS_BOOTSTRAP_SERVERS ?? '';
    if (!bootstrapServers) problems.push('KAFKA_OSS_BOOTSTRAP_SERVERS: is required when KAFKA_OSS_ERROR_TOPIC is set');
    const connection: KafkaConnectionOptions = { bootstrapServers, clientId: 'kafka-oss-sink-fc' };
    const mechanism = env.KAFKA_OSS_SASL_MECHANISM as SaslMechanism | undefined;
    if (mechanism) {
      if (!SASL_MECHANISMS.includes(mechanism)) problems.push(`KAFKA_OSS_SASL_MECHANISM: must be one of ${SASL_MECHANISMS.join(', ')} (got ${JSON.stringify(mechanism)})`);
      connection.sasl = { mechanism, username: env.KAFKA_OSS_SASL_USERNAME ?? '', password: env.KAFKA_OSS_SASL_PASSWORD ?? '' };
    }
    errorTopic = { topic: env.KAFKA_OSS_ERROR_TOPIC, connection };
  }
  if (problems.length > 0) throw new Error(`invalid function configuration: ${problems.join('; ')}`);
  const oss: OssBucketOptions = { bucket, accessKeyId, accessKeySecret };
  if (endpoint) oss.endpoint = endpoint;
  if (region) oss.region = region;
  if (!env.KAFKA_OSS_ACCESS_KEY_ID && role?.securityToken) oss.securityToken = role.securityToken;
  return errorTopic ? { oss, settings, errorTopic } : { oss, settings };
}
