import { INSTANCE_RUNNING } from '../cloud/alikafka.js';
import { EDITION_NAMES } from '../definition/rules.js';
import type { PlanStep } from './plan-step.js';
import type { Prerequisites } from './prerequisites.js';
import type { DesiredState } from './resources.js';

/*
 * The plan's verdicts on the prerequisites (prerequisites.ts): the instance, the bucket, Function Compute in the
 * region and the service's VPC access. Pure, like plan.ts, which places them among the resources' steps.
 */

/** GetInstanceList ServiceStatus values (alikafka API reference). */
const INSTANCE_STATUS_NAMES: Record<number, string> = { 0: 'pending', 1: 'deploying', 5: 'running', 15: 'expired' };

/** The console's local-storage, compaction and config-partition rules cannot hold on Standard Edition: said once, on the instance. */
export const STANDARD_EDITION_NOTE =
  `${EDITION_NAMES.standard}: the offset, config and status topics take the instance's cloud storage without compaction ` +
  "(the config topic 2 partitions, cloud storage's minimum), not the local storage, compaction and single config partition " +
  'the console requires; the Kafka trigger does not depend on them, so the deploy goes on';

export function planInstance(desired: DesiredState, prerequisites: Prerequisites): PlanStep {
  const step = { kind: 'instance', name: desired.instanceId } as const;
  const status = prerequisites.instanceStatus;
  if (status !== undefined && status !== INSTANCE_RUNNING) {
    const name = INSTANCE_STATUS_NAMES[status];
    return { ...step, action: 'blocked', detail: `is not running (ServiceStatus ${status}${name ? `, ${name}` : ''}); deploy needs a running instance (5)` };
  }
  if (desired.edition === 'standard') return { ...step, action: 'drift', detail: `running; ${STANDARD_EDITION_NOTE}` };
  return { ...step, action: 'unchanged', detail: `running; ${EDITION_NAMES[desired.edition]}` };
}

const PROBE = 'the AccessKey can put, get and delete a probe object';

/** The bucket must exist and be in the connector's region (the console's OSS sink: same region only). */
export function planBucket(desired: DesiredState, prerequisites: Prerequisites): PlanStep {
  const step = { kind: 'oss', name: desired.bucket } as const;
  const { bucket } = prerequisites;
  if ('missing' in bucket) {
    return { ...step, action: 'blocked', detail: `no bucket of that name among those the deploying AccessKey lists (OSS ListBuckets): create it in ${desired.regionId} or correct the definition's bucket` };
  }
  if ('unchecked' in bucket) return { ...step, action: 'check', detail: `${PROBE} (its region was not checked: ${bucket.unchecked})` };
  if (bucket.region !== desired.regionId && bucket.region !== `oss-${desired.regionId}`) {
    return { ...step, action: 'blocked', detail: `is in ${bucket.region}, not ${desired.regionId}: the connector's bucket must be in the region of its instance` };
  }
  return { ...step, action: 'check', detail: PROBE };
}

const FC_CONSOLE = 'https://fc.console.aliyun.com';

/** FC in the region: it must answer (GetAccountSettings) before anything is asked of it. */
export function planFcAccount(desired: DesiredState, prerequisites: Prerequisites): PlanStep {
  const step = { kind: 'fc', name: desired.regionId } as const;
  const { fc } = prerequisites;
  if (!fc) return { ...step, action: 'check', detail: 'Function Compute is asked (GetAccountSettings) once the roles name the account' };
  if ('unreachable' in fc) {
    return { ...step, action: 'blocked', detail: `Function Compute does not answer (${fc.unreachable}): activate it in ${desired.regionId} (${FC_CONSOLE}) and let this AccessKey call it` };
  }
  return { ...step, action: 'unchanged', detail: `Function Compute answers; its zones: ${fc.availableAZs.join(', ') || 'none'}` };
}

/**
 * Why the service's VPC access cannot be set up, if it cannot: FC needs a security group (vpcConfig.securityGroupId,
 * required by Terraform's alicloud_fc_service), which deploy takes from the instance (GetInstanceList SecurityGroup;
 * alikafka makes one when the instance is deployed without one — Terraform's alicloud_alikafka_instance
 * `security_group`: "If the security group is empty, system will create a default one" — so an empty answer
 * means an instance that is not deployed yet); a VSwitch that exists, of that VPC, in a zone where FC runs
 * (GetAccountSettings availableAZs; FC's own refusal says "vSwitch is in unsupported zone").
 */
export function vpcProblem(desired: DesiredState, prerequisites: Prerequisites): string | undefined {
  const vpc = desired.service.vpcConfig;
  if (!vpc) return undefined;
  const vSwitchId = vpc.vSwitchIds[0] ?? '';
  if (!vpc.securityGroupId) {
    return `the Kafka instance ${desired.instanceId} reports no security group (GetInstanceList SecurityGroup is empty: is it deployed?), ` +
      `and FC's access to VPC ${vpc.vpcId} needs one; kafka-oss takes the instance's and cannot be given another yet. ` +
      `The VPC's security groups: https://ecs.console.aliyun.com/securityGroup/region/${desired.regionId}`;
  }
  const { vSwitch, fc } = prerequisites;
  if (!vSwitch) return `vSwitch ${vSwitchId} not found in ${desired.regionId} (VPC DescribeVSwitchAttributes): give a VSwitch of VPC ${vpc.vpcId} (--vswitch-id)`;
  if (vSwitch.vpcId !== vpc.vpcId) return `vSwitch ${vSwitchId} is in VPC ${vSwitch.vpcId}, not ${vpc.vpcId}: give a VSwitch of VPC ${vpc.vpcId} (--vswitch-id)`;
  if (fc && 'availableAZs' in fc && vSwitch.zoneId && !fc.availableAZs.includes(vSwitch.zoneId)) {
    return `vSwitch is in unsupported zone: ${vSwitchId} is in ${vSwitch.zoneId}, and FC runs in ${desired.regionId} only in ${fc.availableAZs.join(', ') || 'no zone'} ` +
      `(GetAccountSettings availableAZs): give a VSwitch of VPC ${vpc.vpcId} in one of them (--vswitch-id)`;
  }
  return undefined;
}
