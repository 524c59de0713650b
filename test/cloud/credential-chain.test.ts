import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import AlikafkaModule, * as A from '@alicloud/alikafka20190916';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { sdkClientClass } from '../../src/cloud/sdk-interop.js';
import { resolveCloudTarget, type CloudTarget } from '../../src/cloud/target.js';
import { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { CloudApiError } from '../../src/cloud/cloud-error.js';
import { startControlPlane, type ControlPlane } from '../../src/emulator/openapi/index.js';
import { MemoryBroker } from '../emulator/openapi/memory-broker.js';

const Alikafka = sdkClientClass(AlikafkaModule);
const envKey = { accessKeyId: 'LTAIfromEnvironment1', accessKeySecret: 'secret-from-environment-1' };
const cliKey = { accessKeyId: 'LTAIfromAliyunCli01', accessKeySecret: 'secret-from-aliyun-cli-01' };
const CHAIN_VARS = ['HOME', 'ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_PROFILE', 'ALIBABA_CLOUD_ECS_METADATA_DISABLED', 'ALIBABA_CLOUD_CREDENTIALS_FILE', 'KAFKA_OSS_HOME'];
const saved = Object.fromEntries(CHAIN_VARS.map((name) => [name, process.env[name]]));
let plane: ControlPlane;
let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'kafka-oss-chain-'));
  plane = await startControlPlane({ dataDir: join(home, 'api'), broker: new MemoryBroker(), accounts: [envKey, cliKey], alikafkaIntervalMs: 0 });
});

afterAll(async () => {
  await plane.close();
});

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A clean chain: no kafka-oss profiles, no credentials file, no ECS metadata lookups, an empty home. */
function isolate(): void {
  process.env.HOME = home;
  process.env.KAFKA_OSS_HOME = join(home, '.kafka-oss');
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  process.env.ALIBABA_CLOUD_CREDENTIALS_FILE = join(home, 'no-credentials-file');
  for (const name of ['ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALIBABA_CLOUD_PROFILE']) delete process.env[name];
}

/** The target's own SDK config (credential included), sent to the local control plane instead of Alibaba Cloud. */
function localClient(target: CloudTarget) {
  const config = target.rpcConfig('alikafka');
  expect(config.endpoint).toBe('alikafka.cn-hangzhou.aliyuncs.com');
  return new Alikafka(new $OpenApiUtil.Config({ ...config, endpoint: plane.endpoint, protocol: 'http' }));
}

describe('the standard Alibaba Cloud credentials chain', () => {
  it('takes the AccessKey from ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET and signs calls with it', async () => {
    isolate();
    process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = envKey.accessKeyId;
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = envKey.accessKeySecret;
    const target = await resolveCloudTarget({ region: 'cn-hangzhou' });
    expect(target.local).toBe(false);
    expect(await target.accessKey()).toEqual(envKey);
    const listed = await localClient(target).getInstanceList(new A.GetInstanceListRequest({ regionId: 'cn-hangzhou' }));
    expect(listed.body!.success).toBe(true);
  });

  it('takes the AccessKey of an aliyun CLI profile named by --profile', async () => {
    isolate();
    await mkdir(join(home, '.aliyun'), { recursive: true });
    await writeFile(join(home, '.aliyun', 'config.json'), JSON.stringify({
      current: 'default',
      profiles: [
        { name: 'default', mode: 'AK', access_key_id: 'LTAIdefaultNotUsed', access_key_secret: 'not-used', region_id: 'cn-beijing' },
        { name: 'ci', mode: 'AK', access_key_id: cliKey.accessKeyId, access_key_secret: cliKey.accessKeySecret, region_id: 'cn-hangzhou' },
      ],
    }));
    const target = await resolveCloudTarget({ profile: 'ci', region: 'cn-hangzhou' });
    expect(target.profileName).toBe('ci');
    expect(await target.accessKey()).toEqual(cliKey);
    const groups = await localClient(target).getConsumerList(new A.GetConsumerListRequest({ regionId: 'cn-hangzhou', instanceId: plane.account.instance.instanceId }));
    expect(groups.body!.success).toBe(true);
  });

  it('names the API and the code of a rejected signature, never the secret', async () => {
    isolate();
    await mkdir(process.env.KAFKA_OSS_HOME!, { recursive: true });
    await writeFile(join(process.env.KAFKA_OSS_HOME!, 'profiles.json'), JSON.stringify({
      profiles: { wrong: { regionId: 'cn-hangzhou', accessKeyId: envKey.accessKeyId, accessKeySecret: 'a-wrong-secret-value', apiEndpoint: plane.endpoint, protocol: 'http' } },
    }));
    const target = await resolveCloudTarget({ profile: 'wrong' });
    const err = await new AlikafkaApi(target).listInstances().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CloudApiError);
    expect((err as CloudApiError).message).toMatch(/^alikafka GetInstanceList failed: SignatureDoesNotMatch: /);
    expect(JSON.stringify(err) + String(err) + (err as Error).stack).not.toContain('a-wrong-secret-value');
  });
});
