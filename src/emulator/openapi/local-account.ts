/** The seeded, fixed part of the local account: its region, its Kafka instance and its network. */
export interface LocalVSwitch { vSwitchId: string; vpcId: string; zoneId: string; cidrBlock: string }

/**
 * The instance's edition. GetInstanceList reports it as SpecType: `professional` for Professional Edition (High
 * Write), `normal` for Standard Edition (alikafka API reference, GetInstanceList). Standard Edition cannot choose a
 * topic's storage engine: its topics are on cloud storage (ApsaraMQ for Kafka, 存储引擎对比).
 */
export type LocalEdition = 'standard' | 'professional';

export const SPEC_TYPES: Record<LocalEdition, string> = { standard: 'normal', professional: 'professional' };

/** What a local cloud may choose about its account. */
export interface LocalAccountOptions {
  /** Default professional: every topic setting the connector's console asks for is available. */
  edition?: LocalEdition;
  /**
   * The instance's security group (default sg-local01). '' answers GetInstanceList with an empty SecurityGroup, as
   * for an instance not deployed yet: at deployment alikafka makes one when none is given (Terraform's
   * alicloud_alikafka_instance `security_group`: "If the security group is empty, system will create a default one").
   */
  securityGroup?: string;
  /** The zones FC runs in, GetAccountSettings availableAZs (default: the instance's zone only). */
  fcAvailableZones?: string[];
  /** How long a topic made by CreateTopic is not running yet (default 1000 ms; see topic-readiness.ts). */
  topicReadyDelayMs?: number;
  /** GetInstanceList ServiceStatus: 0 pending, 1 deploying, 5 running (default), 15 expired (alikafka API reference). */
  serviceStatus?: number;
  /**
   * The account's alias, which role principal names carry (`<RoleName>@role.<AccountAlias>.onaliyunservice.com`,
   * CreateRoleResponseBodyRole.rolePrincipalName). Default: the account id, as for an account that never set one
   * (IMS SetDefaultDomain: "默认值是阿里云账号 ID").
   */
  accountAlias?: string;
}

export interface LocalAccount {
  regionId: string;
  accountId: string;
  accountAlias: string;
  instance: {
    instanceId: string;
    name: string;
    edition: LocalEdition;
    vpcId: string;
    vSwitchId: string;
    zoneId: string;
    securityGroup: string;
    createTime: number;
    /** How long a new topic takes to be running. */
    topicReadyDelayMs: number;
    serviceStatus: number;
  };
  vSwitches: LocalVSwitch[];
  /** FC's zones in the region (GetAccountSettings availableAZs): its VPC access reaches VSwitches there only. */
  fcAvailableZones: string[];
}

export function defaultLocalAccount(regionId = 'cn-hangzhou', options: LocalAccountOptions = {}): LocalAccount {
  const zoneId = `${regionId}-h`;
  return {
    regionId,
    accountId: '1000000000000001',
    accountAlias: options.accountAlias ?? '1000000000000001',
    instance: {
      instanceId: `alikafka_post-${regionId}-local01`,
      name: 'local-kafka',
      edition: options.edition ?? 'professional',
      vpcId: 'vpc-local01',
      vSwitchId: 'vsw-local01',
      zoneId,
      securityGroup: options.securityGroup ?? 'sg-local01',
      createTime: Date.UTC(2026, 0, 1),
      topicReadyDelayMs: options.topicReadyDelayMs ?? 1000,
      serviceStatus: options.serviceStatus ?? 5,
    },
    vSwitches: [
      { vSwitchId: 'vsw-local01', vpcId: 'vpc-local01', zoneId: `${regionId}-h`, cidrBlock: '192.168.0.0/24' },
      { vSwitchId: 'vsw-local02', vpcId: 'vpc-local01', zoneId: `${regionId}-i`, cidrBlock: '192.168.1.0/24' },
      { vSwitchId: 'vsw-other01', vpcId: 'vpc-other01', zoneId: `${regionId}-h`, cidrBlock: '10.0.0.0/24' },
    ],
    fcAvailableZones: options.fcAvailableZones ?? [zoneId],
  };
}
