import {
  accessKeyIdRules, alikafkaNameRules, bucketRules, connectorNameRules, instanceIdRules, logProjectRules, logStoreRules, oneOf,
  recommendedPrefix, vpcIdRules, vSwitchIdRules, type Rule,
} from './rules.js';

/** The wizard's five steps, in order. */
export const STEPS = ['basic', 'source', 'target', 'runtime', 'preview'] as const;
export type Step = (typeof STEPS)[number];

export const OFFSET_RESETS = ['latest', 'earliest'] as const;
export const CONCURRENCIES = ['6', '12'] as const;
export const FAILURE_POLICIES = ['log', 'fail'] as const;
export const RESOURCE_MODES = ['auto', 'manual'] as const;

/** The user-settable fields of a connector definition, keyed as in the definition file. */
export type FieldKey =
  | 'name' | 'instanceId'
  | 'sourceTopic' | 'offsetReset' | 'concurrency'
  | 'bucket' | 'accessKeyId'
  | 'vpcId' | 'vSwitchId' | 'failurePolicy' | 'resources' | 'connectorGroup'
  | 'logProject' | 'logStore'
  | 'offsetTopic' | 'configTopic' | 'statusTopic' | 'errorTopic' | 'deadLetterTopic';

export interface FieldSpec {
  key: FieldKey;
  step: Exclude<Step, 'preview'>;
  /** Long flag, without value placeholder, e.g. "--source-topic". */
  flag: string;
  /** Value placeholder shown in --help. */
  placeholder: string;
  label: { en: string; zh: string };
  help: string;
  /** Hard rules: breaking one is an error. */
  rules: Rule[];
  /** Recommendations: breaking one is a warning. */
  advice?: Rule[];
  choices?: readonly string[];
  /** Where the default comes from, for --help. */
  defaultText?: string;
  /** True when a value must be given (no default can be derived). */
  required: boolean;
}

const topicField = (key: FieldKey, flag: string, prefix: string, en: string, zh: string, help: string): FieldSpec => ({
  key, step: 'runtime', flag, placeholder: 'topic', label: { en, zh }, help,
  rules: alikafkaNameRules, advice: [recommendedPrefix(prefix)], defaultText: `${prefix}<name>`, required: false,
});

/** One entry per field of DESIGN §2; the flags, the wizard and the file loader are all built from it. */
export const FIELDS: readonly FieldSpec[] = [
  {
    key: 'name', step: 'basic', flag: '--name', placeholder: 'name', label: { en: 'Connector name', zh: 'Connector名称' },
    help: 'digits, lowercase letters and "-"; not starting with "-"; at most 48 characters; unique in the instance',
    rules: connectorNameRules, required: true,
  },
  {
    key: 'instanceId', step: 'basic', flag: '--instance-id', placeholder: 'id', label: { en: 'Instance', zh: '实例' },
    help: 'the Message Queue for Kafka instance',
    rules: instanceIdRules, defaultText: "the region's only instance", required: true,
  },
  {
    key: 'sourceTopic', step: 'source', flag: '--source-topic', placeholder: 'topic', label: { en: 'Source topic', zh: '数据源Topic' },
    help: 'an existing topic of the instance', rules: alikafkaNameRules, required: true,
  },
  {
    key: 'offsetReset', step: 'source', flag: '--offset-reset', placeholder: 'position', label: { en: 'Start position', zh: '消费初始位置' },
    help: 'latest or earliest', rules: oneOf(OFFSET_RESETS), choices: OFFSET_RESETS, defaultText: 'latest', required: false,
  },
  {
    key: 'concurrency', step: 'source', flag: '--concurrency', placeholder: 'n', label: { en: 'Consumer concurrency', zh: '消费线程并发数' },
    help: '6 or 12', rules: oneOf(CONCURRENCIES), choices: CONCURRENCIES, defaultText: '6', required: false,
  },
  {
    key: 'bucket', step: 'target', flag: '--bucket', placeholder: 'bucket', label: { en: 'Bucket', zh: 'Bucket名称' },
    help: 'an existing OSS bucket in the same region (3–63 lowercase letters, digits, "-")', rules: bucketRules, required: true,
  },
  {
    key: 'accessKeyId', step: 'target', flag: '--access-key-id', placeholder: 'id', label: { en: 'AccessKey ID', zh: 'AccessKey ID' },
    help: 'needs at least oss:GetObject and oss:PutObject on the bucket', rules: accessKeyIdRules, required: true,
  },
  {
    key: 'vpcId', step: 'runtime', flag: '--vpc-id', placeholder: 'id', label: { en: 'VPC ID', zh: 'VPC ID' },
    help: 'the VPC the task runs in', rules: vpcIdRules, defaultText: "the instance's", required: false,
  },
  {
    key: 'vSwitchId', step: 'runtime', flag: '--vswitch-id', placeholder: 'id', label: { en: 'VSwitch ID', zh: 'VSwitch ID' },
    help: 'must be in that VPC', rules: vSwitchIdRules, defaultText: "the instance's", required: false,
  },
  {
    key: 'failurePolicy', step: 'runtime', flag: '--failure-policy', placeholder: 'policy', label: { en: 'Failure policy', zh: '失败处理策略' },
    help: 'log (keep consuming, log the error) or fail (stop the partition)', rules: oneOf(FAILURE_POLICIES),
    choices: FAILURE_POLICIES, defaultText: 'log', required: false,
  },
  {
    key: 'resources', step: 'runtime', flag: '--resources', placeholder: 'mode', label: { en: 'Resources', zh: '创建资源' },
    help: 'auto (derive and create the topics) or manual (name existing topics)', rules: oneOf(RESOURCE_MODES),
    choices: RESOURCE_MODES, defaultText: 'auto', required: false,
  },
  {
    key: 'logProject', step: 'runtime', flag: '--log-project', placeholder: 'project', label: { en: 'Log Service project', zh: '日志服务Project' },
    help: 'an existing Log Service project FC ships the function logs to (kafka-oss logs reads them); with --log-store',
    rules: logProjectRules, defaultText: 'none: no function logs', required: false,
  },
  {
    key: 'logStore', step: 'runtime', flag: '--log-store', placeholder: 'logstore', label: { en: 'Logstore', zh: '日志库（Logstore）' },
    help: 'an existing logstore of that project',
    rules: logStoreRules, defaultText: 'none', required: false,
  },
  {
    key: 'connectorGroup', step: 'runtime', flag: '--connector-group', placeholder: 'group', label: { en: 'Connector consumer group', zh: 'Connector消费组' },
    help: 'recommended prefix connect-cluster-', rules: alikafkaNameRules, advice: [recommendedPrefix('connect-cluster-')],
    defaultText: 'connect-cluster-<name>', required: false,
  },
  topicField('offsetTopic', '--offset-topic', 'connect-offset-', 'Offset topic', '任务位点Topic', 'more than 1 partition; local storage; cleanup.policy=compact'),
  topicField('configTopic', '--config-topic', 'connect-config-', 'Config topic', '任务配置Topic', 'exactly 1 partition; local storage; cleanup.policy=compact'),
  topicField('statusTopic', '--status-topic', 'connect-status-', 'Status topic', '任务状态Topic', '6 partitions recommended; local storage; cleanup.policy=compact'),
  topicField('errorTopic', '--error-topic', 'connect-error-', 'Error topic', '异常数据Topic', '6 partitions recommended; local or cloud storage'),
  topicField('deadLetterTopic', '--dead-letter-topic', 'connect-error-', 'Dead-letter topic', '死信队列Topic', 'may be the error topic; 6 partitions recommended'),
];

export const FIELD_BY_KEY: Readonly<Record<FieldKey, FieldSpec>> = Object.fromEntries(FIELDS.map((f) => [f.key, f])) as Record<FieldKey, FieldSpec>;

/** commander's camelCase option name for a field's flag ("--vswitch-id" → "vswitchId"). */
export function optionName(field: FieldSpec): string {
  return field.flag.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** How a problem with a field is introduced: "--name (Connector name)". */
export function fieldTitle(field: FieldSpec): string {
  return `${field.flag} (${field.label.en})`;
}
