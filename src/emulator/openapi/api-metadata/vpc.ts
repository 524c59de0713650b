import type { ActionRules } from './rules.js';

/* VPC 2016-04-28, from the SDK's request model (node_modules/@alicloud/vpc20160428/dist/models/DescribeVswitchAttributesRequest.d.ts). */
export const VPC_RULES: Readonly<Record<string, ActionRules>> = {
  DescribeVSwitchAttributes: {
    source: '@alicloud/vpc20160428 DescribeVSwitchAttributesRequest',
    params: { VSwitchId: { type: 'String', required: true }, RegionId: { type: 'String' }, DryRun: { type: 'Boolean' } },
  },
};
