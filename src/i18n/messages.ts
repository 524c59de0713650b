/** Wizard and create messages, English and Chinese. Field labels live with the fields (src/definition/fields.ts). */
export const MESSAGES = {
  en: {
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
    recorded: 'Connector recorded in',
    nextDeploy: 'Next: kafka-oss deploy',
  },
  zh: {
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
    recorded: 'Connector已保存到',
    nextDeploy: '下一步：kafka-oss deploy',
  },
} as const;

export type Lang = keyof typeof MESSAGES;
export type MessageKey = keyof (typeof MESSAGES)['en'];

/** --lang wins; otherwise the locale (LC_ALL, LC_MESSAGES, LANG): zh* is Chinese, anything else English. */
export function detectLang(flag?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'en' || flag === 'zh') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function messages(lang: Lang): Record<MessageKey, string> {
  return MESSAGES[lang];
}
