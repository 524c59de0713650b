import FcModule, * as F from '@alicloud/fc-open20210406';
import { RuntimeOptions } from '@alicloud/tea-util';
import { callWithRetry, CloudApiError } from './cloud-error.js';
import { sdkClientClass } from './sdk-interop.js';
import type { CloudTarget } from './target.js';

const Client = sdkClientClass(FcModule);

export interface ServiceInput {
  serviceName: string;
  description: string;
  role?: string;
  vpcConfig?: { vpcId: string; vSwitchIds: string[]; securityGroupId: string };
  /** Where FC ships the functions' logs; none: nowhere (an update then takes an existing one away). */
  logConfig?: ServiceLogConfig;
}

export interface FunctionInput {
  functionName: string;
  description: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  environmentVariables: Record<string, string>;
  /** The code package, a zip. */
  zip?: Buffer;
}

export interface TriggerInput {
  triggerName: string;
  triggerType: 'eventbridge';
  description: string;
  /** Serialised to the JSON string FC stores. */
  triggerConfig: Record<string, unknown>;
}

/** A service's logConfig: the Log Service logstore FC ships its functions' logs to. */
export interface ServiceLogConfig { project: string; logstore: string }

export interface ServiceState {
  serviceName: string;
  description: string;
  role: string;
  vpcConfig?: { vpcId: string; vSwitchIds: string[]; securityGroupId: string };
  /** Absent when FC ships the logs nowhere (no logConfig, or empty project and logstore). */
  logConfig?: ServiceLogConfig;
}
export interface FunctionState {
  functionName: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  codeChecksum: string;
  /** The function's variables; values of secret ones (names with SECRET or PASSWORD) are dropped. */
  environment: Record<string, string>;
}

const SECRET_NAME = /SECRET|PASSWORD/i;

/** GetAccountSettings: the zones FC can run in (its VPC access only reaches VSwitches there) and its default role. */
export interface AccountSettings { availableAZs: string[]; defaultRole?: string }
export interface TriggerState { triggerName: string; triggerType: string; triggerConfig: Record<string, unknown> }

/**
 * EventBridge triggers sit behind a feature gate of FC 2021-04-06: Terraform's alicloud provider sends this header
 * with the value "enable" on CreateTrigger for eventbridge, on GetTrigger, UpdateTrigger, DeleteTrigger,
 * ListTriggers and DeleteFunction (alicloud/common.go HeaderEnableEBTrigger, "delete the header after eventbridge
 * trigger is totally exposed to user"), as Serverless Devs does (devsapp/fc-deploy ENABLE_EB_TRIGGER_HEADER).
 * A fresh object per call: the SDK adds its own headers to the one it is given.
 */
const enableEventBridgeTriggers = () => ({ commonHeaders: { 'x-fc-enable-eventbridge-trigger': 'enable' } });

const notFound = (err: unknown) => err instanceof CloudApiError && /NotFound$/.test(err.code);

async function orUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (notFound(err)) return undefined;
    throw err;
  }
}

/** FC 2021-04-06: the service, function and trigger calls deploy, describe and delete make. */
export class FcApi {
  private readonly client: InstanceType<typeof Client>;

  constructor(target: CloudTarget, accountId: string) {
    this.client = new Client(target.fcConfig(accountId));
  }

  async getAccountSettings(): Promise<AccountSettings> {
    const body = (await callWithRetry('FC GetAccountSettings', () => this.client.getAccountSettings())).body;
    return { availableAZs: body?.availableAZs ?? [], ...(body?.defaultRole ? { defaultRole: body.defaultRole } : {}) };
  }

  async getService(serviceName: string): Promise<ServiceState | undefined> {
    return orUndefined(async () => {
      const body = (await callWithRetry('FC GetService', () => this.client.getService(serviceName, new F.GetServiceRequest({})))).body;
      const vpc = body?.vpcConfig;
      const log = body?.logConfig;
      return {
        serviceName,
        description: body?.description ?? '',
        role: body?.role ?? '',
        ...(vpc?.vpcId ? { vpcConfig: { vpcId: vpc.vpcId, vSwitchIds: vpc.vSwitchIds ?? [], securityGroupId: vpc.securityGroupId ?? '' } } : {}),
        ...(log?.project && log.logstore ? { logConfig: { project: log.project, logstore: log.logstore } } : {}),
      };
    });
  }

  private serviceFields(input: ServiceInput, update: boolean): Record<string, unknown> {
    // empty project and logstore take a logConfig away, as Terraform's alicloud_fc_service sends a removed log_config
    const logConfig = input.logConfig ?? (update ? { project: '', logstore: '' } : undefined);
    return {
      description: input.description,
      ...(input.role ? { role: input.role } : {}),
      internetAccess: true,
      ...(input.vpcConfig ? { vpcConfig: new F.VPCConfig(input.vpcConfig) } : {}),
      ...(logConfig ? { logConfig: new F.LogConfig(logConfig) } : {}),
    };
  }

  async createService(input: ServiceInput): Promise<void> {
    await callWithRetry('FC CreateService', () => this.client.createService(new F.CreateServiceRequest({ serviceName: input.serviceName, ...this.serviceFields(input, false) })));
  }

  async updateService(input: ServiceInput): Promise<void> {
    await callWithRetry('FC UpdateService', () => this.client.updateService(input.serviceName, new F.UpdateServiceRequest(this.serviceFields(input, true))));
  }

  async deleteService(serviceName: string): Promise<boolean> {
    return (await orUndefined(() => callWithRetry('FC DeleteService', () => this.client.deleteService(serviceName)))) !== undefined;
  }

  async getFunction(serviceName: string, functionName: string): Promise<FunctionState | undefined> {
    return orUndefined(async () => {
      const body = (await callWithRetry('FC GetFunction', () => this.client.getFunction(serviceName, functionName, new F.GetFunctionRequest({})))).body;
      return {
        functionName,
        runtime: body?.runtime ?? '',
        handler: body?.handler ?? '',
        timeout: body?.timeout ?? 0,
        memorySize: body?.memorySize ?? 0,
        codeChecksum: body?.codeChecksum ?? '',
        environment: Object.fromEntries(Object.entries(body?.environmentVariables ?? {}).map(([k, v]) => [k, SECRET_NAME.test(k) ? '' : v])),
      };
    });
  }

  private functionFields(input: FunctionInput): Record<string, unknown> {
    return {
      description: input.description,
      runtime: input.runtime,
      handler: input.handler,
      timeout: input.timeout,
      memorySize: input.memorySize,
      environmentVariables: input.environmentVariables,
      ...(input.zip ? { code: new F.Code({ zipFile: input.zip.toString('base64') }) } : {}),
    };
  }

  async createFunction(serviceName: string, input: FunctionInput): Promise<void> {
    await callWithRetry('FC CreateFunction', () =>
      this.client.createFunction(serviceName, new F.CreateFunctionRequest({ functionName: input.functionName, ...this.functionFields(input) })),
    );
  }

  async updateFunction(serviceName: string, input: FunctionInput): Promise<void> {
    await callWithRetry('FC UpdateFunction', () =>
      this.client.updateFunction(serviceName, input.functionName, new F.UpdateFunctionRequest(this.functionFields(input))),
    );
  }

  async deleteFunction(serviceName: string, functionName: string): Promise<boolean> {
    const headers = () => new F.DeleteFunctionHeaders(enableEventBridgeTriggers());
    return (await orUndefined(() => callWithRetry('FC DeleteFunction', () => this.client.deleteFunctionWithOptions(serviceName, functionName, headers(), new RuntimeOptions({}))))) !== undefined;
  }

  async getTrigger(serviceName: string, functionName: string, triggerName: string): Promise<TriggerState | undefined> {
    return orUndefined(async () => {
      const headers = () => new F.GetTriggerHeaders(enableEventBridgeTriggers());
      const body = (await callWithRetry('FC GetTrigger', () => this.client.getTriggerWithOptions(serviceName, functionName, triggerName, headers(), new RuntimeOptions({})))).body;
      return { triggerName, triggerType: body?.triggerType ?? '', triggerConfig: JSON.parse(body?.triggerConfig ?? '{}') as Record<string, unknown> };
    });
  }

  async createTrigger(serviceName: string, functionName: string, input: TriggerInput): Promise<void> {
    const request = new F.CreateTriggerRequest({
      triggerName: input.triggerName,
      triggerType: input.triggerType,
      description: input.description,
      triggerConfig: JSON.stringify(input.triggerConfig),
    });
    // the gate is for eventbridge triggers only (Terraform sends it on CreateTrigger when the type is eventbridge)
    const headers = () => new F.CreateTriggerHeaders(input.triggerType === 'eventbridge' ? enableEventBridgeTriggers() : {});
    await callWithRetry('FC CreateTrigger', () => this.client.createTriggerWithOptions(serviceName, functionName, request, headers(), new RuntimeOptions({})));
  }

  async updateTrigger(serviceName: string, functionName: string, input: TriggerInput): Promise<void> {
    const request = new F.UpdateTriggerRequest({ description: input.description, triggerConfig: JSON.stringify(input.triggerConfig) });
    const headers = () => new F.UpdateTriggerHeaders(enableEventBridgeTriggers());
    await callWithRetry('FC UpdateTrigger', () => this.client.updateTriggerWithOptions(serviceName, functionName, input.triggerName, request, headers(), new RuntimeOptions({})));
  }

  async deleteTrigger(serviceName: string, functionName: string, triggerName: string): Promise<boolean> {
    const headers = () => new F.DeleteTriggerHeaders(enableEventBridgeTriggers());
    const deleted = await orUndefined(() => callWithRetry('FC DeleteTrigger', () => this.client.deleteTriggerWithOptions(serviceName, functionName, triggerName, headers(), new RuntimeOptions({}))));
    return deleted !== undefined;
  }
}
