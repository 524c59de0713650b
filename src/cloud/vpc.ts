import VpcModule, * as V from '@alicloud/vpc20160428';
import type { VSwitchSummary } from '../definition/catalog.js';
import { callWithRetry, CloudApiError } from './cloud-error.js';
import { sdkClientClass } from './sdk-interop.js';
import type { CloudTarget } from './target.js';

const Client = sdkClientClass(VpcModule);

/** VPC 2016-04-28: only what is needed to check a VSwitch: its VPC and its zone. */
export class VpcApi {
  private readonly client: InstanceType<typeof Client>;
  private readonly regionId: string;

  constructor(target: CloudTarget) {
    this.client = new Client(target.rpcConfig('vpc'));
    this.regionId = target.regionId;
  }

  /**
   * The VSwitch, or undefined when VPC does not know it. VPC answers an unknown VSwitch either with an error
   * (InvalidVSwitchId.NotFound) or with a success that names no VSwitch or another one — Terraform's alicloud
   * provider takes both as "not found" (service_alicloud_vpc.go DescribeVSwitch: response.VSwitchId != id).
   */
  async getVSwitch(vSwitchId: string): Promise<VSwitchSummary | undefined> {
    try {
      const response = await callWithRetry('VPC DescribeVSwitchAttributes', () =>
        this.client.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId: this.regionId, vSwitchId })),
      );
      const body = response.body;
      if (body?.vSwitchId !== vSwitchId) return undefined;
      return { vSwitchId, vpcId: body.vpcId ?? '', ...(body.zoneId ? { zoneId: body.zoneId } : {}) };
    } catch (err) {
      if (err instanceof CloudApiError && /NotFound/i.test(err.code)) return undefined;
      throw err;
    }
  }
}
