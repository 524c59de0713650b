import AlikafkaModule, * as alikafkaModels from '@alicloud/alikafka20190916';
import ResourceManagerModule, * as rmModels from '@alicloud/resourcemanager20200331';
import FcModule, * as fcModels from '@alicloud/fc-open20210406';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as OpenApi from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
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

type FcClient = ReturnType<typeof sdkClients>['fc'];
const gate = () => ({ commonHeaders: { 'x-fc-enable-eventbridge-trigger': 'enable' } });
const runtime = () => new RuntimeOptions({});

/**
 * The FC SDK's trigger calls with `x-fc-enable-eventbridge-trigger: enable`, the header FC 2021-04-06 gates
 * eventbridge triggers behind (sent as deploy and Terraform send it), through the SDK's *WithOptions methods.
 */
export function eventBridgeTriggers(fc: FcClient) {
  return {
    create: (service: string, fn: string, request: fcModels.CreateTriggerRequest) =>
      fc.createTriggerWithOptions(service, fn, request, new fcModels.CreateTriggerHeaders(gate()), runtime()),
    get: (service: string, fn: string, trigger: string) => fc.getTriggerWithOptions(service, fn, trigger, new fcModels.GetTriggerHeaders(gate()), runtime()),
    update: (service: string, fn: string, trigger: string, request: fcModels.UpdateTriggerRequest) =>
      fc.updateTriggerWithOptions(service, fn, trigger, request, new fcModels.UpdateTriggerHeaders(gate()), runtime()),
    delete: (service: string, fn: string, trigger: string) => fc.deleteTriggerWithOptions(service, fn, trigger, new fcModels.DeleteTriggerHeaders(gate()), runtime()),
    list: (service: string, fn: string) => fc.listTriggersWithOptions(service, fn, new fcModels.ListTriggersRequest({}), new fcModels.ListTriggersHeaders(gate()), runtime()),
  };
}

export { alikafkaModels, rmModels, fcModels };
