import type { ActionRules } from './rules.js';

/*
 * ResourceManager 2020-03-31, from the SDK's request models
 * (node_modules/@alicloud/resourcemanager20200331/dist/models/<Action>Request.d.ts).
 */
const model = (action: string) => `@alicloud/resourcemanager20200331 ${action}Request`;

/** "1 to 64 characters in length, and can contain letters, digits, periods (.), and hyphens (-)" (GetRoleRequest.roleName). */
const ROLE_NAME = /^[A-Za-z0-9.-]{1,64}$/;

export const RESOURCE_MANAGER_RULES: Readonly<Record<string, ActionRules>> = {
  GetRole: { source: model('GetRole'), params: { RoleName: { type: 'String', required: true, pattern: ROLE_NAME }, Language: { type: 'String', enum: ['en', 'zh-CN', 'ja'] } } },
  CreateServiceLinkedRole: {
    source: model('CreateServiceLinkedRole'),
    params: { ServiceName: { type: 'String', required: true }, CustomSuffix: { type: 'String' }, Description: { type: 'String' } },
  },
  DeleteServiceLinkedRole: { source: model('DeleteServiceLinkedRole'), params: { RoleName: { type: 'String', required: true } } },
};
