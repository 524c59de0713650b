import CredentialModule from '@alicloud/credentials';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as OpenApiClient from '@alicloud/openapi-client';
import { sdkClientClass } from './sdk-interop.js';
import { UsageError } from '../errors.js';
import { chainProfiles, closestName } from './profile-names.js';
import { loadProfile, profileNames, profileFilePath, type KafkaOssProfile } from './profile-store.js';

export type RpcService = 'alikafka' | 'resourcemanager' | 'vpc';

export interface AccessKey { accessKeyId: string; accessKeySecret: string; securityToken?: string }

/** Where the tool's cloud calls go, and as whom: Alibaba Cloud, or the local cloud of a kafka-oss profile. */
export interface CloudTarget {
  readonly regionId: string;
  readonly profileName?: string;
  /** True for a kafka-oss profile (the local cloud); false for the standard credentials chain. */
  readonly local: boolean;
  readonly ossEndpoint: string;
  readonly kafkaBootstrapServers?: string;
  /** Config for an RPC-style SDK client (alikafka, ResourceManager, VPC). */
  rpcConfig(service: RpcService): $OpenApiUtil.Config;
  /** Config for the FC 2021-04-06 client; FC's endpoint names the account. */
  fcConfig(accountId: string): OpenApiClient.Config;
  /** Config for the Log Service (SLS 2020-12-30) client, which puts the project in front of the endpoint. */
  slsConfig(): $OpenApiUtil.Config;
  /** The AccessKey for clients that need it in clear (ali-oss); never printed. */
  accessKey(): Promise<AccessKey>;
}

const Credential = sdkClientClass(CredentialModule);

const PUBLIC_ENDPOINTS: Record<RpcService, (region: string) => string> = {
  alikafka: (region) => `alikafka.${region}.aliyuncs.com`,
  resourcemanager: () => 'resourcemanager.aliyuncs.com',
  vpc: (region) => `vpc.${region}.aliyuncs.com`,
};

const TIMEOUTS = { connectTimeout: 5_000, readTimeout: 30_000 };

/** Log Service's public endpoint of a region (the SLS SDK's default, @alicloud/gateway-sls getEndpoint). */
const logEndpointOf = (regionId: string) => `${regionId}.log.aliyuncs.com`;

/**
 * Resolves `--profile` / `--region`: a kafka-oss profile of that name (endpoints included), else the
 * standard Alibaba Cloud chain (environment, aliyun CLI profiles, credentials file, RAM role) with
 * that profile name.
 */
export async function resolveCloudTarget(opts: { profile?: string; region?: string }): Promise<CloudTarget> {
  const own = opts.profile ? await loadProfile(opts.profile) : undefined;
  if (own) return profileTarget(opts.profile!, own, opts.region);
  const chain = opts.profile ? await chainProfile(opts.profile) : undefined;
  const regionId = opts.region ?? process.env.ALIBABA_CLOUD_REGION_ID ?? chain?.regionId;
  if (!regionId) {
    throw new UsageError(`--region: no region given; give --region (e.g. cn-hangzhou), set ALIBABA_CLOUD_REGION_ID${opts.profile ? '' : ', or use a profile that names one (--profile)'}`);
  }
  if (opts.profile) process.env.ALIBABA_CLOUD_PROFILE = opts.profile;
  const credential = new Credential();
  return {
    regionId,
    ...(opts.profile ? { profileName: opts.profile } : {}),
    local: false,
    ossEndpoint: `https://oss-${regionId}.aliyuncs.com`,
    rpcConfig: (service) => new $OpenApiUtil.Config({ credential, endpoint: PUBLIC_ENDPOINTS[service](regionId), regionId, ...TIMEOUTS }),
    fcConfig: (accountId) => new OpenApiClient.Config({ credential, endpoint: `${accountId}.${regionId}.fc.aliyuncs.com`, regionId, ...TIMEOUTS }),
    slsConfig: () => new $OpenApiUtil.Config({ credential, endpoint: logEndpointOf(regionId), regionId, ...TIMEOUTS }),
    accessKey: async () => {
      const model = await credential.getCredential();
      return {
        accessKeyId: model.accessKeyId ?? '',
        accessKeySecret: model.accessKeySecret ?? '',
        ...(model.securityToken ? { securityToken: model.securityToken } : {}),
      };
    },
  };
}

/**
 * The chain profile `--profile` names. A name no profile has is bad input: the credentials library would
 * otherwise fail later with a message about something else (no region, an undefined endpoint).
 */
async function chainProfile(name: string) {
  const chain = await chainProfiles();
  const found = chain.find((p) => p.name === name);
  // "default" is the chain's own name for whatever it finds first (environment variables included).
  if (found || name === 'default') return found;
  const own = await profileNames();
  const known = [...own, ...chain.map((p) => p.name)];
  const suggestion = closestName(name, known);
  throw new UsageError(
    `--profile: no profile named ${JSON.stringify(name)}${suggestion ? ` — did you mean ${JSON.stringify(suggestion)}?` : ''} ` +
      `(kafka-oss profiles in ${profileFilePath()}: ${own.join(', ') || 'none'}; aliyun CLI and credentials-file profiles: ${chain.map((p) => p.name).join(', ') || 'none'}). ` +
      `\`kafka-oss local up\` saves the profile "local".`,
  );
}

/** The target of a kafka-oss profile (saved or in memory, as quickstart's). */
export function profileTarget(name: string, profile: KafkaOssProfile, region?: string): CloudTarget {
  const regionId = region ?? profile.regionId;
  const key = { accessKeyId: profile.accessKeyId, accessKeySecret: profile.accessKeySecret };
  const protocol = profile.protocol ?? 'https';
  const endpointOf = (service: RpcService) => profile.apiEndpoint ?? PUBLIC_ENDPOINTS[service](regionId);
  return {
    regionId,
    profileName: name,
    local: Boolean(profile.apiEndpoint),
    ossEndpoint: profile.ossEndpoint ?? `https://oss-${regionId}.aliyuncs.com`,
    ...(profile.kafkaBootstrapServers ? { kafkaBootstrapServers: profile.kafkaBootstrapServers } : {}),
    rpcConfig: (service) => new $OpenApiUtil.Config({ ...key, endpoint: endpointOf(service), protocol, regionId, ...TIMEOUTS }),
    fcConfig: (accountId) => new OpenApiClient.Config({ ...key, endpoint: profile.apiEndpoint ?? `${accountId}.${regionId}.fc.aliyuncs.com`, protocol, regionId, ...TIMEOUTS }),
    slsConfig: () => new $OpenApiUtil.Config({ ...key, endpoint: profile.logEndpoint ?? logEndpointOf(regionId), protocol, regionId, ...TIMEOUTS }),
    accessKey: async () => key,
  };
}
