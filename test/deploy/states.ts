import { resolveDefinition, type ConnectorDefinition, type DefinitionInput } from '../../src/definition/definition.js';
import type { InstanceSummary } from '../../src/definition/catalog.js';
import type { DeployObservation, Prerequisites } from '../../src/deploy/prerequisites.js';
import { ACCOUNT_ROLE_NAMES, desiredState, SECRET_VARIABLE, TOPIC_REMARK, type DesiredContext, type DesiredState } from '../../src/deploy/resources.js';

/*
 * Plain observed-state fixtures for the plan tests: what the cloud answers, written out, no emulator.
 * `deployed(desired)` is the state a finished deploy leaves, as the adapters read it back.
 */

export const SECRET = 'secret-of-LTAI5tPlanTestKey001';

export function definitionOf(input: DefinitionInput = {}): ConnectorDefinition {
  const resolution = resolveDefinition(
    { name: 'orders-sink', instanceId: 'alikafka_post-cn-plan0001', sourceTopic: 'orders', bucket: 'plan-bucket', accessKeyId: 'LTAI5tPlanTestKey001', ...input },
    { regionId: 'cn-hangzhou' },
  );
  if (!resolution.definition) throw new Error(`bad fixture: ${resolution.errors.join('; ')}`);
  return resolution.definition;
}

export const instance: InstanceSummary = {
  instanceId: 'alikafka_post-cn-plan0001',
  name: 'plan-test',
  regionId: 'cn-hangzhou',
  vpcId: 'vpc-plan0001',
  vSwitchId: 'vsw-plan0001',
  securityGroup: 'sg-plan0001',
  specType: 'professional',
  serviceStatus: 5,
  endpoints: { plaintext: '192.168.0.1:9092' },
};

export function desiredOf(definition = definitionOf(), context: Partial<DesiredContext> = {}): DesiredState {
  return desiredState({
    definition,
    instance,
    regionId: 'cn-hangzhou',
    accountId: '1234567890123456',
    ossEndpoint: 'https://oss-cn-hangzhou-internal.aliyuncs.com',
    bootstrapServers: '192.168.0.1:9092',
    accessKeySecret: SECRET,
    bundle: Buffer.alloc(300 * 1024),
    bundleDigest: 'bundle-digest-01',
    ...context,
  });
}

/** Every prerequisite deploy checks is met: the instance runs, its VSwitch is in a zone FC runs in, the bucket in its region. */
export function ready(): Prerequisites {
  return {
    instanceStatus: 5,
    vSwitch: { vSwitchId: 'vsw-plan0001', vpcId: 'vpc-plan0001', zoneId: 'cn-hangzhou-h' },
    bucket: { region: 'oss-cn-hangzhou' },
    fc: { availableAZs: ['cn-hangzhou-h', 'cn-hangzhou-i'] },
  };
}

/** Nothing of the connector exists; FC can be asked. */
export function nothing(): DeployObservation {
  return { roles: Object.fromEntries(ACCOUNT_ROLE_NAMES.map((name) => [name, false])), groups: new Map(), topics: new Map(), fc: {}, prerequisites: ready() };
}

/**
 * A trigger config as FC's GetTrigger reads it back: triggerEnable true only once the event stream runs, and every
 * key of eventSourceParameters, null for the source types not used (devsapp/fc docs/zh/yaml/triggers.md;
 * Terraform's delNilEventSourceParams).
 */
export function readBack(config: Record<string, unknown>, opts: { streamRunning: boolean }): Record<string, unknown> {
  const copy = structuredClone(config) as { eventSourceConfig: { eventSourceParameters: Record<string, unknown> } } & Record<string, unknown>;
  const given = copy.eventSourceConfig.eventSourceParameters;
  copy.eventSourceConfig.eventSourceParameters = Object.fromEntries(
    ['sourceDTSParameters', 'sourceKafkaParameters', 'sourceMNSParameters', 'sourceMQTTParameters', 'sourceRabbitMQParameters', 'sourceRocketMQParameters'].map((k) => [k, given[k] ?? null]),
  );
  return { ...copy, triggerEnable: opts.streamRunning };
}

/** Everything `desired` names exists, as GetConsumerList, GetTopicList and FC's getters read it back (the event stream running). */
export function deployed(desired: DesiredState): DeployObservation & { fc: NonNullable<DeployObservation['fc']> } {
  const fn = desired.function;
  return {
    roles: Object.fromEntries(ACCOUNT_ROLE_NAMES.map((name) => [name, true])),
    groups: new Map(desired.groups.map((g) => [g.consumerId, { ...g.tags }])),
    topics: new Map(desired.topics.map((t) => [t.name, { name: t.name, partitionNum: t.partitionNum, localTopic: t.localTopic, compactTopic: t.compactTopic, remark: TOPIC_REMARK }])),
    fc: {
      service: { serviceName: desired.service.serviceName, description: desired.service.description, role: desired.service.role ?? '', vpcConfig: structuredClone(desired.service.vpcConfig!) },
      function: {
        functionName: fn.functionName,
        runtime: fn.runtime,
        handler: fn.handler,
        timeout: fn.timeout,
        memorySize: fn.memorySize,
        codeChecksum: '1234567890',
        // FC's adapter drops the values of secret variables: the secret is never read back.
        environment: { ...fn.environmentVariables, [SECRET_VARIABLE]: '' },
      },
      trigger: { triggerName: desired.trigger.triggerName, triggerType: 'eventbridge', triggerConfig: readBack(desired.trigger.triggerConfig, { streamRunning: true }) },
    },
    prerequisites: ready(),
  };
}
