import { vpcErrors } from './errors.js';
import type { LocalAccount } from './local-account.js';
import type { RpcParams } from './params.js';

export interface VpcContext { params: RpcParams; account: LocalAccount }
type Handler = (ctx: VpcContext) => Promise<Record<string, unknown>>;

export const vpcActions: Record<string, Handler> = {
  async DescribeVSwitchAttributes(ctx) {
    const id = ctx.params.required('VSwitchId');
    const vSwitch = ctx.account.vSwitches.find((v) => v.vSwitchId === id);
    if (!vSwitch) throw vpcErrors.vSwitchNotFound();
    return {
      VSwitchId: vSwitch.vSwitchId,
      VpcId: vSwitch.vpcId,
      ZoneId: vSwitch.zoneId,
      CidrBlock: vSwitch.cidrBlock,
      Status: 'Available',
      VSwitchName: vSwitch.vSwitchId,
      AvailableIpAddressCount: 250,
    };
  },
};
