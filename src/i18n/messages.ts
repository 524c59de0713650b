/**
 * Wizard and create messages, English and Chinese; `{name}` marks a parameter (see `format`). Field
 * labels live with the fields (src/definition/fields.ts), rule problems in ./problems.ts, the console's
 * explanations in ./explanations.ts.
 */
const EN = {
  stepBasic: 'Basic info',
  stepSource: 'Source',
  stepTarget: 'Target',
  stepRuntime: 'Runtime',
  stepPreview: 'Preview / submit',
  taskType: 'Task type',
  serviceRole: 'Service-linked role',
  serviceRoleAuto: 'created if missing (AliyunServiceRoleForAlikafkaConnector)',
  taskGroup: 'Task consumer group',
  accessKeySecret: 'AccessKey Secret',
  secretFromEnv: 'from the environment / standard input',
  instanceDefault: "the instance's",
  customiseNames: 'Change the connector group and topic names?',
  previewAction: 'What next?',
  submit: 'Submit',
  editStep: 'Go back to',
  cancel: 'Cancel',
  cancelled: 'Cancelled: nothing was written.',
  searchHint: 'type to filter',
  liveProblems: 'The cloud does not accept this definition yet:',
  recorded: 'Connector recorded in {path}',
  nextDeploy: 'Next: kafka-oss deploy {name}',
  nextDeployAsksSecret: 'Next: kafka-oss deploy {name} (it asks for the AccessKey secret, or set KAFKA_OSS_ACCESS_KEY_SECRET)',
  warning: 'warning',
  labelled: '{label}: {text}',
  checkFailed: 'could not check this against the cloud: {error}',
  noTopics: 'Instance {instance} has no topic to export from yet.',
  noBuckets: 'The account has no OSS bucket in region {region} yet.',
  createTopicChoice: '+ Create a new topic',
  createBucketChoice: '+ Create a new bucket',
  listAgainChoice: '↻ List again',
  bucketOtherRegion: '(in {region}, not the instance\'s region)',
  noMatch: '(no match: keep typing, or clear the filter)',
  newTopicIntro: 'A new topic in {instance}, as the console\'s Create Topic panel makes it: cloud storage, cleanup.policy=delete.',
  newTopicName: 'Topic name',
  topicRemark: 'Description (CreateTopic requires one)',
  topicPartitions: 'Partitions',
  partitionsHint: '1–{max}; a multiple of 6 reduces the risk of data skew. The console suggests {default}.',
  topicCreated: 'Created topic {topic} in {instance} (partitions: {count}).',
  newBucketIntro: 'A new bucket in region {region}: Standard storage, private. Bucket names are unique across all of OSS.',
  newBucketName: 'Bucket name',
  bucketCreated: 'Created bucket {bucket} in {region}.',
  createFailed: 'Could not create {name}: {error}',
  probeBadCredentials: 'OSS refused this AccessKey: check the AccessKey ID and that the secret belongs to it.',
  probeAccessDenied: 'OSS denied {action} on bucket {bucket}. Grant AccessKey {accessKeyId} at least this policy (RAM → Users → Add permissions): {policy}',
  probeNoBucket: 'OSS has no bucket {bucket} at this endpoint.',
  probeFailed: 'could not check the AccessKey against bucket {bucket} ({detail}); deploy checks it again.',
  probeLeftBehind: 'this AccessKey may not delete objects (the console\'s policy grants none): the probe object {object} was left behind.',
  secretRetry: 'Type the secret again, or press Enter on an empty line to change the AccessKey ID.',
  secretGivenElsewhere: 'The secret came from KAFKA_OSS_ACCESS_KEY_SECRET or standard input: fix it there, or give another AccessKey ID.',
  deployNow: 'Deploy now?',
  keyNavigate: 'navigate',
  keySelect: 'select',
  keyToggle: 'show/hide',
  yes: 'Yes',
  no: 'No',
  yesOrNo: 'Answer "{yes}" or "{no}"',
  disabledChoice: 'This one cannot be chosen.',
} as const;

export type MessageKey = keyof typeof EN;

const ZH: Record<MessageKey, string> = {
  stepBasic: '基础信息',
  stepSource: '源实例配置',
  stepTarget: '目标实例配置',
  stepRuntime: '运行环境配置',
  stepPreview: '预览/提交',
  taskType: '任务类型',
  serviceRole: '服务关联角色',
  serviceRoleAuto: '未创建时自动创建（AliyunServiceRoleForAlikafkaConnector）',
  taskGroup: '任务消费组',
  accessKeySecret: 'AccessKey Secret',
  secretFromEnv: '来自环境变量/标准输入',
  instanceDefault: '实例默认',
  customiseNames: '是否修改Connector消费组和Topic名称？',
  previewAction: '下一步？',
  submit: '提交',
  editStep: '返回修改',
  cancel: '取消',
  cancelled: '已取消：未写入任何文件。',
  searchHint: '输入以筛选',
  liveProblems: '云端校验未通过：',
  recorded: 'Connector已保存到 {path}',
  nextDeploy: '下一步：kafka-oss deploy {name}',
  nextDeployAsksSecret: '下一步：kafka-oss deploy {name}（部署时会要求输入AccessKey Secret，或设置KAFKA_OSS_ACCESS_KEY_SECRET）',
  warning: '警告',
  labelled: '{label}：{text}',
  checkFailed: '无法向云端校验：{error}',
  noTopics: '实例 {instance} 中还没有可导出数据的Topic。',
  noBuckets: '该账号在地域 {region} 中还没有OSS Bucket。',
  createTopicChoice: '+ 创建Topic',
  createBucketChoice: '+ 创建Bucket',
  listAgainChoice: '↻ 重新列出',
  bucketOtherRegion: '（位于 {region}，与实例不在同一地域）',
  noMatch: '（无匹配项：请继续输入，或清空筛选条件）',
  newTopicIntro: '在实例 {instance} 中创建Topic，与控制台"创建Topic"面板的默认设置相同：云存储，cleanup.policy=delete。',
  newTopicName: 'Topic名称',
  topicRemark: '描述（创建Topic时必填）',
  topicPartitions: '分区数',
  partitionsHint: '取值1~{max}；建议为6的倍数，以减少数据倾斜风险。控制台建议值为{default}。',
  topicCreated: '已在实例 {instance} 中创建Topic {topic}（分区数：{count}）。',
  newBucketIntro: '在地域 {region} 中创建Bucket：标准存储，私有。Bucket名称在OSS中全局唯一。',
  newBucketName: 'Bucket名称',
  bucketCreated: '已在地域 {region} 中创建Bucket {bucket}。',
  createFailed: '无法创建 {name}：{error}',
  probeBadCredentials: 'OSS拒绝了该AccessKey：请检查AccessKey ID，以及Secret是否属于该AccessKey ID。',
  probeAccessDenied: 'OSS拒绝了对Bucket {bucket} 的 {action} 操作。请为AccessKey {accessKeyId} 所对应的账号授予以下最小权限（RAM → 用户 → 添加权限）：{policy}',
  probeNoBucket: 'OSS中不存在Bucket {bucket}。',
  probeFailed: '无法用Bucket {bucket} 校验该AccessKey（{detail}）；部署时会再次校验。',
  probeLeftBehind: '该AccessKey无权删除对象（控制台的最小权限不包含删除）：探测对象 {object} 未被删除。',
  secretRetry: '请重新输入Secret，或在空行直接按回车以修改AccessKey ID。',
  secretGivenElsewhere: 'Secret来自KAFKA_OSS_ACCESS_KEY_SECRET或标准输入：请在该处修正，或填写其他AccessKey ID。',
  deployNow: '是否立即部署？',
  keyNavigate: '移动',
  keySelect: '选择',
  keyToggle: '显示/隐藏',
  yes: '是',
  no: '否',
  yesOrNo: '请回答"{yes}"或"{no}"',
  disabledChoice: '该选项不可选择。',
};

export const MESSAGES: Record<'en' | 'zh', Record<MessageKey, string>> = { en: EN, zh: ZH };

export type Lang = keyof typeof MESSAGES;

/** --lang wins; otherwise the locale (LC_ALL, LC_MESSAGES, LANG): zh* is Chinese, anything else English. */
export function detectLang(flag?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'en' || flag === 'zh') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function messages(lang: Lang): Record<MessageKey, string> {
  return MESSAGES[lang];
}

/** Fills `{name}` parameters; a parameter nobody gave stays visible rather than vanishing. */
export function format(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
