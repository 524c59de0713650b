import VpcModule, * as V from '@alicloud/vpc20160428';
import type { VSwitchSummary } from '../definition/catalog.js';
import { callWithRetry, CloudApiError } from './cloud-error.js';
import { sdkClientClass } from './sdk-interop.js';
import type { CloudTarget } from './target.js';

const Client = sdkClientClass(VpcModule);

/** VPC 2016-04-28: only what is needed to check that a VSwitch belongs to a VPC. */
export class VpcApi {
  private readonly client: InstanceType<typeof Client>;
  private readonly regionId: string;

  constructor(target: CloudTarget) {
    this.client = new Client(target.rpcConfig('vpc'));
    this.regionId = target.regionId;
  }

  async getVSwitch(vSwitchId: string): Promise<VSwitchSummary | undefined> {
    try {
      const response = await callWithRetry('VPC DescribeVSwitchAttributes', () =>
        this.client.describeVSwitchAttributes(new V.DescribeVSwitchAttributesRequest({ regionId: this.regionId, vSwitchId })),
      );
      const body = response.body;
      return { vSwitchId, vpcId: body?.vpcId ?? '', ...(body?.zoneId ? { zoneId: body.zoneId } : {}) };
    } catch (err) {
      if (err instanceof CloudApiError && /NotFound/i.test(err.code)) return undefined;
      throw err;
    }
  }
}
