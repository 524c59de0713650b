import type { ActionRules, ParamRule } from './rules.js';

/*
 * FC 2021-04-06, the JSON bodies of the calls the local cloud answers. The SDK's models
 * (@alicloud/fc-open20210406) carry no constraints, so they come from FC's API reference
 * (alibabacloud.com/help/en/functioncompute/fc-2-0/developer-reference/api-<action>) and, where it is
 * silent, Terraform's alicloud_fc_function (aliyun/terraform-provider-alicloud, resource_alicloud_fc_function.go).
 */

const REFERENCE = (action: string) => `FC 2.0 API reference ${action} (alibabacloud.com/help/en/functioncompute/fc-2-0/developer-reference/api-${action.toLowerCase()})`;

/** Service and trigger names: letters, digits, "_" and "-", not starting with a digit or "-", 1–128 characters. */
const NAME_128 = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
/** Function names: the same characters, 1–64 of them (CreateFunction's functionName). */
const NAME_64 = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

const text: ParamRule = { type: 'String' };

/**
 * The runtimes CreateFunction takes: the FC 2.0 API reference's list ("目前支持 nodejs20、nodejs18、nodejs16、
 * nodejs14、nodejs12、nodejs10、nodejs8、nodejs6、nodejs4.4、python3.10、python3.9、python3、python2.7、java11、
 * java8、go1、php7.2、dotnetcore3.1 …", help.aliyun.com/zh/fc/developer-reference/api-fc-open-2021-04-06-createfunction;
 * dotnetcore2.1, custom and custom-container in its earlier text, doc-detail/189984), and custom.debian10 from FC 2.0's
 * runtime overview (alibabacloud.com/help/en/functioncompute/fc-2-0/user-guide/overview-of-runtimes). Which of them
 * run locally is the function runtime's business: nodejs* on the machine's node, the others are stored only.
 */
export const FC_RUNTIMES = [
  'nodejs20', 'nodejs18', 'nodejs16', 'nodejs14', 'nodejs12', 'nodejs10', 'nodejs8', 'nodejs6', 'nodejs4.4',
  'python3.10', 'python3.9', 'python3', 'python2.7', 'java11', 'java8', 'go1', 'php7.2', 'dotnetcore3.1', 'dotnetcore2.1',
  'custom', 'custom.debian10', 'custom-container',
] as const;
const runtime: ParamRule = { type: 'String', enum: FC_RUNTIMES };
const vpcConfig: ParamRule = { type: 'Object', fields: { vpcId: text, vSwitchIds: { type: 'Array' }, securityGroupId: text } };
const logConfig: ParamRule = {
  type: 'Object',
  fields: { project: text, logstore: text, enableRequestMetrics: { type: 'Boolean' }, enableInstanceMetrics: { type: 'Boolean' }, logBeginRule: { type: 'String', enum: ['DefaultRegex', 'None'] } },
};
const serviceFields: Record<string, ParamRule> = { description: text, role: text, internetAccess: { type: 'Boolean' }, vpcConfig, logConfig };

/**
 * A function's settings: memory a multiple of 64 MB (API reference) from 128 MB to 32 GB (Terraform's
 * IntBetween(128, 32768)); timeout 1–86400 s (FC 2.0 limits: "函数最大运行时间 86400s").
 */
const functionFields: Record<string, ParamRule> = {
  description: text,
  runtime,
  handler: text,
  timeout: { type: 'Integer', range: [1, 86400] },
  memorySize: { type: 'Integer', range: [128, 32768], multipleOf: 64 },
  environmentVariables: { type: 'Object' },
  code: { type: 'Object', fields: { zipFile: text, ossBucketName: text, ossObjectName: text } },
};

const triggerFields: Record<string, ParamRule> = { description: text, invocationRole: text, qualifier: text, triggerConfig: text };

export const FC_RULES: Readonly<Record<string, ActionRules>> = {
  CreateService: { source: REFERENCE('CreateService'), params: { serviceName: { type: 'String', required: true, pattern: NAME_128 }, ...serviceFields } },
  UpdateService: { source: REFERENCE('UpdateService'), params: serviceFields },
  CreateFunction: {
    source: `${REFERENCE('CreateFunction')}; runtime required: Terraform alicloud_fc_function`,
    params: {
      ...functionFields,
      functionName: { type: 'String', required: true, pattern: NAME_64 },
      handler: { type: 'String', required: true },
      runtime: { ...runtime, required: true },
    },
  },
  UpdateFunction: { source: REFERENCE('UpdateFunction'), params: functionFields },
  CreateTrigger: {
    source: `${REFERENCE('CreateTrigger')}; name rule: FC's Trigger structure`,
    params: {
      ...triggerFields,
      triggerName: { type: 'String', required: true, pattern: NAME_128 },
      triggerType: { type: 'String', required: true },
      triggerConfig: { type: 'String', required: true },
      sourceArn: text,
    },
  },
  UpdateTrigger: { source: REFERENCE('UpdateTrigger'), params: triggerFields },
  TagResource: { source: REFERENCE('TagResource'), params: { resourceArn: { type: 'String', required: true }, tags: { type: 'Object', required: true } } },
  UntagResource: { source: REFERENCE('UntagResource'), params: { resourceArn: { type: 'String', required: true }, tagKeys: { type: 'Array' }, all: { type: 'Boolean' } } },
};
