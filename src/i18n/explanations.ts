import type { Lang } from './messages.js';

/**
 * The console's explanations, shown where the console shows them: under a field (a hint printed before
 * its prompt) and with each choice of a list (its description, shown while it is highlighted). The
 * Chinese follows the console's document (seed/000_0294eebbb1adee86.txt); the English restates it.
 */
export type HintKey =
  | 'name' | 'sourceTopic' | 'bucket' | 'accessKey' | 'minimalPolicy' | 'vpcId' | 'vSwitchId'
  | 'connectorGroup' | 'offsetTopic' | 'configTopic' | 'statusTopic' | 'errorTopic' | 'deadLetterTopic' | 'logProject';

export const HINTS: Record<Lang, Record<HintKey, string>> = {
  en: {
    name: 'Digits, lowercase letters and "-", not starting with "-", at most 48 characters, unique in the instance. The task consumes as the group connect-<name>, created if missing.',
    sourceTopic: 'The topic whose messages are exported to OSS.',
    bucket: 'The OSS bucket the messages are written to, in the same region as the instance.',
    accessKey: 'The AccessKey ID and Secret are passed to the Function Compute function as environment variables. kafka-oss keeps the ID in the definition and never stores the secret.',
    minimalPolicy: 'The account of this AccessKey ID needs at least this policy:',
    vpcId: 'The VPC the task runs in. Default: the instance\'s VPC; nothing to fill in.',
    vSwitchId: 'The VSwitch the task runs in; it must be in the same VPC as the instance. Default: the instance\'s VSwitch.',
    connectorGroup: 'The consumer group the connector uses; its name should start with connect-cluster.',
    offsetTopic: 'Stores consumer offsets. Name should start with connect-offset; more than 1 partition; local storage; cleanup.policy=compact.',
    configTopic: 'Stores the task configuration. Name should start with connect-config; exactly 1 partition; local storage; cleanup.policy=compact.',
    statusTopic: 'Stores the task status. Name should start with connect-status; 6 partitions recommended; local storage; cleanup.policy=compact.',
    errorTopic: 'Stores the sink\'s failed records; may be the dead-letter topic too, to save topics. Name should start with connect-error; 6 partitions recommended; local or cloud storage.',
    deadLetterTopic: 'Stores the Connect framework\'s failed records; may be the error topic, to save topics. Name should start with connect-error; 6 partitions recommended; local or cloud storage.',
    logProject: 'Function Compute keeps the function\'s logs only in Log Service: name an existing project and logstore for `kafka-oss logs` to read them. Default: none (no function logs).',
  },
  zh: {
    name: '可以包含数字、小写英文字母和短划线（-），但不能以短划线（-）开头，长度限制为48个字符，同一实例内保持唯一。数据同步任务使用名为connect-任务名称的Consumer Group，未创建时自动创建。',
    sourceTopic: '需要同步数据的Topic。',
    bucket: '对象存储Bucket的名称，须与实例位于同一地域。',
    accessKey: 'AccessKey ID和AccessKey Secret作为环境变量传递至函数计算的函数。kafka-oss在定义文件中保存AccessKey ID，从不保存AccessKey Secret。',
    minimalPolicy: '请确保该AccessKey ID所对应的账号已被授予以下最小权限：',
    vpcId: '数据同步任务所在的VPC。默认为消息队列Kafka版实例所在的VPC，您无需填写。',
    vSwitchId: '数据同步任务所在的交换机，必须与消息队列Kafka版实例处于同一VPC。默认为部署实例时填写的交换机。',
    connectorGroup: 'Connector使用的Consumer Group，名称建议以connect-cluster开头。',
    offsetTopic: '用于存储消费位点的Topic。名称建议以connect-offset开头；分区数必须大于1；存储引擎必须为Local存储；cleanup.policy必须为compact。',
    configTopic: '用于存储任务配置的Topic。名称建议以connect-config开头；分区数必须为1；存储引擎必须为Local存储；cleanup.policy必须为compact。',
    statusTopic: '用于存储任务状态的Topic。名称建议以connect-status开头；分区数建议为6；存储引擎必须为Local存储；cleanup.policy必须为compact。',
    errorTopic: '用于存储Sink的异常数据的Topic，可以和死信队列Topic为同一个Topic，以节省Topic资源。名称建议以connect-error开头；分区数建议为6；存储引擎可以为Local存储或云存储。',
    deadLetterTopic: '用于存储Connect框架的异常数据的Topic，可以和异常数据Topic为同一个Topic，以节省Topic资源。名称建议以connect-error开头；分区数建议为6；存储引擎可以为Local存储或云存储。',
    logProject: '函数计算只在日志服务中保存函数日志：填写已有的Project和Logstore后，可用 `kafka-oss logs` 查看。默认为不保存函数日志。',
  },
};

export type ChoiceField = 'offsetReset' | 'concurrency' | 'failurePolicy' | 'resources';

export interface ChoiceText {
  name: string;
  description: string;
}

export const CHOICES: Record<Lang, Record<ChoiceField, Record<string, ChoiceText>>> = {
  en: {
    offsetReset: {
      latest: { name: 'latest', description: 'Start consuming from the newest offset.' },
      earliest: { name: 'earliest', description: 'Start consuming from the oldest offset.' },
    },
    concurrency: {
      '6': { name: '6 (default)', description: 'Consumer threads for the source topic (default 6).' },
      '12': { name: '12', description: 'Consumer threads for the source topic.' },
    },
    failurePolicy: {
      log: {
        name: 'log',
        description: 'Keep consuming the partition that had the error and log the error. Look the error up in the connector\'s logs and find the fix by its error code.',
      },
      fail: {
        name: 'fail',
        description: 'Stop consuming the partition that had the error and log the error. Nothing after the bad record is written; look the error up in the connector\'s logs by its error code.',
      },
    },
    resources: {
      auto: { name: 'auto (create them)', description: 'Create the connector group and the offset, config, status and error topics with the settings the console requires.' },
      manual: { name: 'manual (name existing ones)', description: 'Name topics you created; each must meet its constraints (partitions, local storage, compact).' },
    },
  },
  zh: {
    offsetReset: {
      latest: { name: 'latest（最新位点）', description: '从最新位点开始消费。' },
      earliest: { name: 'earliest（最初位点）', description: '从最初位点开始消费。' },
    },
    concurrency: {
      '6': { name: '6（默认）', description: '数据源Topic的消费线程并发数，默认值为6。' },
      '12': { name: '12', description: '数据源Topic的消费线程并发数。' },
    },
    failurePolicy: {
      log: {
        name: 'log（继续订阅）',
        description: '继续订阅出现错误的Topic的分区，并打印错误日志。出现错误后，您可以通过Connector日志查看错误，并根据错误码查找解决方案。',
      },
      fail: {
        name: 'fail（停止订阅）',
        description: '停止对出现错误的Topic的分区的订阅，并打印错误日志。出错记录之后的消息不会写入；您可以通过Connector日志查看错误，并根据错误码查找解决方案。',
      },
    },
    resources: {
      auto: { name: 'auto（自动创建）', description: '按控制台要求的配置自动创建Connector消费组以及位点、配置、状态和异常数据Topic。' },
      manual: { name: 'manual（手动创建）', description: '输入您已创建的Topic名称；每个Topic须满足其约束（分区数、Local存储、compact）。' },
    },
  },
};

export function isChoiceField(key: string): key is ChoiceField {
  return key in CHOICES.en;
}

/** A field's hint in the user's language. */
export function hint(key: HintKey, lang: Lang): string {
  return HINTS[lang][key];
}

/** How a choice is shown: its name and the console's explanation of it. */
export function choiceText(field: ChoiceField, value: string, lang: Lang): ChoiceText {
  return CHOICES[lang][field][value] ?? { name: value, description: '' };
}
