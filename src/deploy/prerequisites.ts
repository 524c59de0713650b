import { CloudApiError } from '../cloud/cloud-error.js';
import type { VSwitchSummary } from '../definition/catalog.js';
import type { ObservedState } from './observe.js';
import type { BucketsPort, FcPort, VpcPort } from './ports.js';

/**
 * The console's prerequisites of a connector that the APIs can tell, observed before deploy changes anything
 * (README, "Prerequisites"): a step that one of them fails is blocked.
 */
export interface Prerequisites {
  /** GetInstanceList ServiceStatus of the instance; undefined when the answer holds none. */
  instanceStatus: number | undefined;
  /** The VSwitch the service is to use, as VPC describes it; undefined when VPC does not know it. */
  vSwitch: VSwitchSummary | undefined;
  /** The bucket's region (ListBuckets); missing when the deploying AccessKey lists no such bucket; or why that could not be asked. */
  bucket: { region: string } | { missing: true } | { unchecked: string };
  /** FC in the region: the zones it runs in, or why it cannot be reached; undefined while the account (FC's endpoint) is not known. */
  fc?: { availableAZs: string[] } | { unreachable: string };
}

/** What deploy's plan compares the desired state with: the resources, and the prerequisites. */
export type DeployObservation = ObservedState & { prerequisites: Prerequisites };

export interface PrerequisitePorts {
  vpc: VpcPort;
  buckets: BucketsPort;
  fc?: Pick<FcPort, 'getAccountSettings'>;
}

/** Whether FC answered GetAccountSettings: only then are its resources asked for. */
export const fcReachable = (prerequisites: Prerequisites): boolean => prerequisites.fc !== undefined && 'availableAZs' in prerequisites.fc;

const why = (err: CloudApiError) => `${err.api}: ${err.code}: ${err.detail}`;

async function bucketRegion(buckets: BucketsPort, bucket: string): Promise<Prerequisites['bucket']> {
  try {
    const found = (await buckets.listBuckets()).find((b) => b.name === bucket);
    return found ? { region: found.region } : { missing: true };
  } catch (err) {
    // A key without oss:ListBuckets cannot tell; the bucket step's probe still proves it can write there.
    if (err instanceof CloudApiError) return { unchecked: why(err) };
    throw err;
  }
}

async function fcSettings(fc: PrerequisitePorts['fc']): Promise<Prerequisites['fc']> {
  if (!fc) return undefined;
  try {
    return { availableAZs: (await fc.getAccountSettings()).availableAZs };
  } catch (err) {
    if (err instanceof CloudApiError) return { unreachable: why(err) };
    throw err;
  }
}

/** The prerequisites of deploying to `where`: the instance's status as the session read it, then VPC, OSS and FC. */
export async function observePrerequisites(ports: PrerequisitePorts, where: { instanceStatus: number | undefined; vSwitchId: string; bucket: string }): Promise<Prerequisites> {
  return {
    instanceStatus: where.instanceStatus,
    vSwitch: await ports.vpc.getVSwitch(where.vSwitchId),
    bucket: await bucketRegion(ports.buckets, where.bucket),
    ...(ports.fc ? { fc: await fcSettings(ports.fc) } : {}),
  };
}
