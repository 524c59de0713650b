import AlikafkaModule, * as alikafkaModels from '@alicloud/alikafka20190916';
import ResourceManagerModule, * as rmModels from '@alicloud/resourcemanager20200331';
import FcModule, * as fcModels from '@alicloud/fc-open20210406';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as OpenApi from '@alicloud/openapi-client';
import { sdkClientClass } from '../../../src/cloud/sdk-interop.js';

const Alikafka = sdkClientClass(AlikafkaModule);
const ResourceManager = sdkClientClass(ResourceManagerModule);
const Fc = sdkClientClass(FcModule);

export interface Key { accessKeyId: string; accessKeySecret: string }

const coreConfig = (endpoint: string, key: Key) =>
  new $OpenApiUtil.Config({ ...key, endpoint, protocol: 'http', regionId: 'cn-hangzhou', readTimeout: 20_000 });

/** The official clients, pointed at a local endpoint exactly as a user would point them at Alibaba Cloud. */
export function sdkClients(endpoint: string, key: Key) {
  return {
    alikafka: new Alikafka(coreConfig(endpoint, key)),
    rm: new ResourceManager(coreConfig(endpoint, key)),
    fc: new Fc(new OpenApi.Config({ ...key, endpoint, protocol: 'http', regionId: 'cn-hangzhou', readTimeout: 20_000 })),
  };
}

export { alikafkaModels, rmModels, fcModels };
