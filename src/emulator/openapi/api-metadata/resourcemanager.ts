import type { ActionRules } from './rules.js';

/*
 * ResourceManager 2020-03-31, from the SDK's request models
 * (node_modules/@alicloud/resourcemanager20200331/dist/models/<Action>Request.d.ts).
 */
const model = (action: string) => `@alicloud/resourcemanager20200331 ${action}Request`;
const withMeta = (action: string) => `${model(action)}; aliyun/aliyun-openapi-meta resourcemanager/${action}.json`;

/** "1 to 64 characters in length, and can contain letters, digits, periods (.), and hyphens (-)" (GetRoleRequest.roleName). */
const ROLE_NAME = /^[A-Za-z0-9.-]{1,64}$/;
/** "1 to 1,024 characters" (CreateRoleRequest.description). */
const DESCRIPTION = /^[\s\S]{1,1024}$/;
/** "1 to 128 characters … letters, digits, and hyphens (-)" (AttachPolicyRequest.policyName). */
const POLICY_NAME = /^[A-Za-z0-9-]{1,128}$/;

export const RESOURCE_MANAGER_RULES: Readonly<Record<string, ActionRules>> = {
  GetRole: { source: model('GetRole'), params: { RoleName: { type: 'String', required: true, pattern: ROLE_NAME }, Language: { type: 'String', enum: ['en', 'zh-CN', 'ja'] } } },
  CreateServiceLinkedRole: {
    source: model('CreateServiceLinkedRole'),
    params: { ServiceName: { type: 'String', required: true }, CustomSuffix: { type: 'String' }, Description: { type: 'String' } },
  },
  DeleteServiceLinkedRole: { source: model('DeleteServiceLinkedRole'), params: { RoleName: { type: 'String', required: true } } },
  CreateRole: {
    source: withMeta('CreateRole'),
    params: {
      RoleName: { type: 'String', required: true, pattern: ROLE_NAME },
      AssumeRolePolicyDocument: { type: 'String', required: true },
      Description: { type: 'String', pattern: DESCRIPTION },
      MaxSessionDuration: { type: 'Integer', range: [3600, 43200] },
    },
  },
  DeleteRole: { source: withMeta('DeleteRole'), params: { RoleName: { type: 'String', required: true, pattern: ROLE_NAME } } },
  AttachPolicy: {
    source: withMeta('AttachPolicy'),
    params: {
      PolicyName: { type: 'String', required: true, pattern: POLICY_NAME },
      PolicyType: { type: 'String', required: true, enum: ['Custom', 'System'] },
      PrincipalName: { type: 'String', required: true },
      PrincipalType: { type: 'String', required: true, enum: ['IMSUser', 'IMSGroup', 'ServiceRole'] },
      ResourceGroupId: { type: 'String', required: true },
    },
  },
};
