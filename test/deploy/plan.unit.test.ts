import { describe, expect, it } from 'vitest';
import type { DeployObservation } from '../../src/deploy/prerequisites.js';
import { plan, SECRET_NOT_COMPARED, STANDARD_EDITION_NOTE, STREAM_NOT_RUNNING, type PlanStep } from '../../src/deploy/plan.js';
import { changesSomething } from '../../src/deploy/plan-step.js';
import { BUNDLE_DIGEST_VARIABLE, SERVICE_LINKED_ROLES } from '../../src/deploy/resources.js';
import { definitionOf, deployed, desiredOf, instance, nothing, readBack, SECRET } from './states.js';

/** The steps that are not "unchanged" or the OSS check, as `action kind name: detail`. */
const changes = (steps: PlanStep[]) => steps.filter((s) => s.action !== 'unchanged' && s.action !== 'check').map((s) => `${s.action} ${s.kind} ${s.name}: ${s.detail}`);
const sourceKafka = (o: ReturnType<typeof deployed>) =>
  (o.fc.trigger!.triggerConfig as { eventSourceConfig: { eventSourceParameters: { sourceKafkaParameters: Record<string, unknown> } } }).eventSourceConfig.eventSourceParameters.sourceKafkaParameters;
const stepOf = (steps: PlanStep[], kind: PlanStep['kind'], name?: string) => steps.find((s) => s.kind === kind && (name === undefined || s.name === name))!;

describe('plan(): a first deploy', () => {
  it('creates every resource in the order deploy applies them, with the OSS check before FC', () => {
    const steps = plan(desiredOf(), nothing());
    expect(steps.map((s) => `${s.action} ${s.kind} ${s.name}`)).toEqual([
      'unchanged instance alikafka_post-cn-plan0001',
      ...SERVICE_LINKED_ROLES.map((r) => `create role ${r.roleName}`),
      'create role AliyunFCDefaultRole',
      'create group connect-orders-sink',
      'create group connect-cluster-orders-sink',
      'create topic connect-offset-orders-sink',
      'create topic connect-config-orders-sink',
      'create topic connect-status-orders-sink',
      'create topic connect-error-orders-sink',
      'check oss plan-bucket',
      'unchanged fc cn-hangzhou',
      'create service kafka-oss-orders-sink',
      'create function sink',
      'create trigger kafka-source',
    ]);
    expect(stepOf(steps, 'group', 'connect-orders-sink').detail).toBe('task consumer group; records the connector');
    expect(SERVICE_LINKED_ROLES.map((r) => r.serviceName)).toContain('connect-vpc.eventbridge.aliyuncs.com');
    expect(stepOf(steps, 'role', 'AliyunFCDefaultRole').detail).toBe("FC's service role: trusts fc.aliyuncs.com, with the system policy AliyunFCDefaultRolePolicy");
    expect(desiredOf().service.role).toBe('acs:ram::1234567890123456:role/aliyunfcdefaultrole');
    expect(stepOf(steps, 'topic', 'connect-config-orders-sink').detail).toBe('1 partition, local storage, compact');
    expect(stepOf(steps, 'topic', 'connect-error-orders-sink').detail).toBe('6 partitions, cloud storage');
    expect(stepOf(steps, 'service').detail).toBe('VPC vpc-plan0001 / vsw-plan0001');
    expect(stepOf(steps, 'function').detail).toBe('nodejs20, 512 MB, sink bundle 300 KiB');
  });

  it('plans FC as "create" with the reason when FC cannot be asked yet (the account is not known)', () => {
    const { fc: _unknown, ...withoutFc } = nothing();
    delete withoutFc.prerequisites.fc;
    const steps = plan(desiredOf(), withoutFc);
    expect(steps.slice(-4)).toEqual([
      { kind: 'fc', name: 'cn-hangzhou', action: 'check', detail: 'Function Compute is asked (GetAccountSettings) once the roles name the account' },
      { kind: 'service', name: 'kafka-oss-orders-sink', action: 'create', detail: 'FC is asked once the roles name the account' },
      { kind: 'function', name: 'sink', action: 'create', detail: 'FC is asked once the roles name the account' },
      { kind: 'trigger', name: 'kafka-source', action: 'create', detail: 'FC is asked once the roles name the account' },
    ]);
  });

  it('creates only what is missing after a deploy that stopped part-way (roles and groups exist, FC has the service)', () => {
    const desired = desiredOf();
    const observed = deployed(desired);
    observed.topics.delete('connect-status-orders-sink');
    observed.fc = { service: observed.fc.service! };
    expect(changes(plan(desired, observed))).toEqual([
      'create topic connect-status-orders-sink: 6 partitions, local storage, compact',
      'create function sink: nodejs20, 512 MB, sink bundle 300 KiB',
      'create trigger kafka-source: eventbridge, Kafka source',
    ]);
  });
});

describe("plan(): FC's service role", () => {
  it('is created when missing, even when every service-linked role exists, and kept as it is when it exists', () => {
    const observed = deployed(desiredOf());
    observed.roles.AliyunFCDefaultRole = false;
    expect(changes(plan(desiredOf(), observed))).toEqual(["create role AliyunFCDefaultRole: FC's service role: trusts fc.aliyuncs.com, with the system policy AliyunFCDefaultRolePolicy"]);
    expect(stepOf(plan(desiredOf(), deployed(desiredOf())), 'role', 'AliyunFCDefaultRole')).toMatchObject({ action: 'unchanged' });
  });
});

describe('plan(): a connector already deployed', () => {
  it('changes nothing when everything matches', () => {
    const desired = desiredOf();
    const steps = plan(desired, deployed(desired));
    expect(changes(steps)).toEqual([]);
    expect(steps.filter((s) => s.action === 'check')).toEqual([{ kind: 'oss', name: 'plan-bucket', action: 'check', detail: 'the AccessKey can put, get and delete a probe object' }]);
    expect(stepOf(steps, 'function').detail).toBe('code and settings match');
    expect(stepOf(steps, 'topic', 'connect-offset-orders-sink').detail).toBe('exists (12 partitions)');
    expect(stepOf(steps, 'topic', 'connect-config-orders-sink').detail).toBe('exists (1 partition)');
  });

  const desired = desiredOf();
  it.each<[string, (o: ReturnType<typeof deployed>) => void, string[]]>([
    ['another VPC on the service', (o) => { o.fc.service!.vpcConfig = { vpcId: 'vpc-other', vSwitchIds: ['vsw-other'], securityGroupId: 'sg-plan0001' }; },
      ['update service kafka-oss-orders-sink: VPC config differs (has {"vpcId":"vpc-other","vSwitchIds":["vsw-other"],"securityGroupId":"sg-plan0001"})']],
    ['no VPC on the service', (o) => { delete o.fc.service!.vpcConfig; }, ['update service kafka-oss-orders-sink: VPC config differs (has null)']],
    ['the runtime (an earlier deploy asked for nodejs18)', (o) => { o.fc.function!.runtime = 'nodejs18'; }, ['update function sink: runtime "nodejs18" → "nodejs20"']],
    ['memory and timeout', (o) => { o.fc.function!.memorySize = 256; o.fc.function!.timeout = 60; },
      ['update function sink: timeout 60 → 300; memorySize 256 → 512']],
    ['the handler', (o) => { o.fc.function!.handler = 'main.handler'; }, ['update function sink: handler "main.handler" → "index.handler"']],
    ['an environment variable', (o) => { o.fc.function!.environment.KAFKA_OSS_BUCKET = 'old-bucket'; }, ['update function sink: KAFKA_OSS_BUCKET changed']],
    ['a missing environment variable', (o) => { delete o.fc.function!.environment.KAFKA_OSS_FAILURE_POLICY; }, ['update function sink: KAFKA_OSS_FAILURE_POLICY changed']],
    ['the sink code', (o) => { o.fc.function!.environment[BUNDLE_DIGEST_VARIABLE] = 'older-bundle-digest'; }, ['update function sink: sink code changed']],
    ['the trigger config', (o) => { (o.fc.trigger!.triggerConfig.runOptions as { maximumTasks: number }).maximumTasks = 12; },
      ['update trigger kafka-source: trigger config differs: runOptions.maximumTasks 12 → 6']],
    ['the trigger source', (o) => { o.fc.trigger!.triggerConfig = { ...o.fc.trigger!.triggerConfig, eventSourceConfig: {} }; },
      ['update trigger kafka-source: trigger config differs: eventSourceConfig.eventSourceType absent → "Kafka"; eventSourceConfig.eventSourceParameters absent → {"sourceKafkaParameters":{"RegionId":"cn-hangzhou","InstanceId":"alikafka_post-cn-plan0001","Topic":"orders","ConsumerGroup":"connect-orders-sink","OffsetReset":"latest","Network":"Default","VpcId":"vpc-plan0001","VSwitchIds":"vsw-plan0001","SecurityGroupId":"sg-plan0001"}}']],
    ['the source topic of the trigger', (o) => { sourceKafka(o).Topic = 'other'; },
      ['update trigger kafka-source: trigger config differs: eventSourceConfig.eventSourceParameters.sourceKafkaParameters.Topic "other" → "orders"']],
    ['a field the trigger reads back as null', (o) => { (o.fc.trigger!.triggerConfig.runOptions as Record<string, unknown>).deadLetterQueue = null; },
      ['update trigger kafka-source: trigger config differs: runOptions.deadLetterQueue absent → {"Arn":"acs:alikafka:cn-hangzhou:1234567890123456:instance/alikafka_post-cn-plan0001/topic/connect-error-orders-sink"}']],
  ])('updates when someone changed %s', (_what, change, expected) => {
    const observed = deployed(desired);
    change(observed);
    expect(changes(plan(desired, observed))).toEqual(expected);
  });

  it('takes the trigger as FC reads it back: nulls for the other source types and fields FC adds are not changes', () => {
    const observed = deployed(desired);
    const config = observed.fc.trigger!.triggerConfig as { runOptions: Record<string, unknown>; eventSourceConfig: { eventSourceParameters: Record<string, unknown> } };
    expect(config.eventSourceConfig.eventSourceParameters).toMatchObject({ sourceMNSParameters: null, sourceRocketMQParameters: null, sourceDTSParameters: null });
    config.runOptions.retryStrategy = { PushRetryStrategy: 'BACKOFF_RETRY', MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 86400 };
    (config.eventSourceConfig.eventSourceParameters.sourceKafkaParameters as Record<string, unknown>).ExtendConfig = null;
    expect(changes(plan(desired, observed))).toEqual([]);
    expect(stepOf(plan(desired, observed), 'trigger').detail).toBe('exists');
  });

  it('does not update a trigger whose event stream has not started yet (triggerEnable reads false), and says so', () => {
    const observed = deployed(desired);
    observed.fc.trigger!.triggerConfig = readBack(desired.trigger.triggerConfig, { streamRunning: false });
    const steps = plan(desired, observed);
    expect(changes(steps)).toEqual([]);
    expect(stepOf(steps, 'trigger')).toEqual({ kind: 'trigger', name: 'kafka-source', action: 'unchanged', detail: `exists; ${STREAM_NOT_RUNNING}` });
  });

  it('still updates a trigger whose stream has not started when another field differs (the update sends triggerEnable true)', () => {
    const observed = deployed(desired);
    observed.fc.trigger!.triggerConfig = readBack(desired.trigger.triggerConfig, { streamRunning: false });
    (observed.fc.trigger!.triggerConfig.runOptions as { maximumTasks: number }).maximumTasks = 12;
    expect(changes(plan(desired, observed))).toEqual(['update trigger kafka-source: trigger config differs: runOptions.maximumTasks 12 → 6']);
  });

  it('updates a running trigger that deploy wants stopped (a true read-back is reliable)', () => {
    const stopped = desiredOf();
    stopped.trigger.triggerConfig.triggerEnable = false;
    expect(changes(plan(stopped, deployed(desired)))).toEqual(['update trigger kafka-source: trigger config differs: triggerEnable true → false']);
  });

  it('updates the function for a rotated AccessKey secret alone, without naming the secret', () => {
    const observed = deployed(desiredOf());
    const rotated = desiredOf(definitionOf(), { accessKeySecret: 'rotated-secret-0123456789' });
    const steps = plan(rotated, observed);
    expect(changes(steps)).toEqual(['update function sink: AccessKey secret changed']);
    expect(JSON.stringify(steps)).not.toContain('rotated-secret-0123456789');
    expect(JSON.stringify(steps)).not.toContain(SECRET);
  });

  it('updates the function when the definition changes what the function is told', () => {
    const observed = deployed(desiredOf());
    const steps = plan(desiredOf(definitionOf({ failurePolicy: 'fail' })), observed);
    expect(changes(steps)).toEqual(['update function sink: KAFKA_OSS_FAILURE_POLICY changed', 'update trigger kafka-source: trigger config differs: runOptions.errorsTolerance "ALL" → "NONE"']);
  });
});

describe('plan(): a dry run without the AccessKey secret', () => {
  const withoutSecret = desiredOf(definitionOf(), { accessKeySecret: undefined });

  it('claims no change it cannot see: the function is unchanged and the plan says the secret was not compared', () => {
    const steps = plan(withoutSecret, deployed(desiredOf()));
    expect(changes(steps)).toEqual([]);
    expect(stepOf(steps, 'function')).toEqual({ kind: 'function', name: 'sink', action: 'unchanged', detail: `code and settings match; ${SECRET_NOT_COMPARED}` });
  });

  it('still reports the other differences, and the same plan as with the secret otherwise', () => {
    const observed = deployed(desiredOf());
    observed.fc.function!.memorySize = 128;
    expect(changes(plan(withoutSecret, observed))).toEqual([`update function sink: memorySize 128 → 512; ${SECRET_NOT_COMPARED}`]);
    const withSecret = plan(desiredOf(), observed);
    const comparable = (steps: PlanStep[]) => steps.map((s) => (s.kind === 'function' ? { ...s, detail: '' } : s));
    expect(comparable(plan(withoutSecret, observed))).toEqual(comparable(withSecret));
  });

  it('creates the function as usual when it does not exist', () => {
    expect(stepOf(plan(withoutSecret, nothing()), 'function')).toMatchObject({ action: 'create' });
  });
});

describe('plan(): blocked and drift', () => {
  const desired = desiredOf();
  const withGroupTags = (tags: Record<string, string>) => {
    const observed = deployed(desired);
    observed.groups.set('connect-orders-sink', tags);
    return observed;
  };

  it.each<[string, DeployObservation, string]>([
    ['a task group recorded for another connector', withGroupTags({ 'kafka-oss:connector': 'someone-else' }),
      'blocked group connect-orders-sink: exists but belongs to connector "someone-else"; choose another connector name'],
    ['a task group with no record', withGroupTags({}), 'blocked group connect-orders-sink: exists but belongs to no connector; choose another connector name'],
  ])('blocks on %s', (_what, observed, expected) => {
    expect(changes(plan(desired, observed))).toEqual([expected]);
  });

  it('takes an existing connector group as it is (it carries no record)', () => {
    const observed = deployed(desired);
    observed.groups.set('connect-cluster-orders-sink', {});
    expect(changes(plan(desired, observed))).toEqual([]);
  });

  it('blocks on a missing topic in manual mode, and creates nothing', () => {
    const manual = desiredOf(definitionOf({ resources: 'manual' }));
    const observed = deployed(manual);
    observed.topics.delete('connect-config-orders-sink');
    expect(changes(plan(manual, observed))).toEqual(['blocked topic connect-config-orders-sink: manual resources: the topic must exist']);
    expect(plan(manual, nothing()).filter((s) => s.kind === 'topic').map((s) => s.action)).toEqual(['blocked', 'blocked', 'blocked', 'blocked']);
  });

  it.each<[string, string, { partitionNum?: number; localTopic?: boolean; compactTopic?: boolean }, string]>([
    ['a config topic with 3 partitions', 'connect-config-orders-sink', { partitionNum: 3 }, 'blocked topic connect-config-orders-sink: topic "connect-config-orders-sink" must have exactly 1 partition (has 3)'],
    ['an offset topic with 1 partition', 'connect-offset-orders-sink', { partitionNum: 1 }, 'blocked topic connect-offset-orders-sink: topic "connect-offset-orders-sink" must have more than 1 partition (has 1)'],
    ['a status topic on cloud storage', 'connect-status-orders-sink', { localTopic: false }, 'blocked topic connect-status-orders-sink: topic "connect-status-orders-sink" must use local storage (uses cloud storage)'],
    ['an offset topic without compaction', 'connect-offset-orders-sink', { compactTopic: false }, 'blocked topic connect-offset-orders-sink: topic "connect-offset-orders-sink" must have cleanup.policy=compact (has delete)'],
    ['a status topic with 3 partitions (6 recommended)', 'connect-status-orders-sink', { partitionNum: 3 }, 'drift topic connect-status-orders-sink: topic "connect-status-orders-sink" should have 6 partitions (recommended; has 3)'],
  ])('judges %s', (_what, topic, change, expected) => {
    const observed = deployed(desired);
    observed.topics.set(topic, { ...observed.topics.get(topic)!, ...change });
    expect(changes(plan(desired, observed))).toEqual([expected]);
  });

  it('accepts an error topic on cloud storage (it has no storage constraint)', () => {
    const observed = deployed(desired);
    observed.topics.set('connect-error-orders-sink', { ...observed.topics.get('connect-error-orders-sink')!, localTopic: false });
    expect(changes(plan(desired, observed))).toEqual([]);
  });
});

describe('plan(): the instance and its edition', () => {
  const topicSteps = (steps: PlanStep[]) => steps.filter((s) => s.kind === 'topic').map((s) => `${s.action} ${s.name}: ${s.detail}`);
  const onEdition = (specType: string, definition = definitionOf()) => desiredOf(definition, { instance: { ...instance, specType } });

  it.each(['professional', 'professionalForHighRead'])('on Professional Edition (%s): local storage and compaction where the console requires them, cloud storage for the error topic', (specType) => {
    const desired = onEdition(specType);
    const steps = plan(desired, nothing());
    expect(stepOf(steps, 'instance')).toEqual({ kind: 'instance', name: 'alikafka_post-cn-plan0001', action: 'unchanged', detail: 'running; Professional Edition' });
    expect(topicSteps(steps)).toEqual([
      'create connect-offset-orders-sink: 12 partitions, local storage, compact',
      'create connect-config-orders-sink: 1 partition, local storage, compact',
      'create connect-status-orders-sink: 6 partitions, local storage, compact',
      'create connect-error-orders-sink: 6 partitions, cloud storage',
    ]);
    expect(desired.topics.map((t) => [t.name, t.partitionNum, t.localTopic, t.compactTopic])).toEqual([
      ['connect-offset-orders-sink', 12, true, true], ['connect-config-orders-sink', 1, true, true],
      ['connect-status-orders-sink', 6, true, true], ['connect-error-orders-sink', 6, false, false],
    ]);
  });

  it('creates a separate dead-letter topic on cloud storage too', () => {
    const desired = onEdition('professional', definitionOf({ deadLetterTopic: 'connect-dlq-orders-sink' }));
    expect(desired.topics.at(-1)).toEqual({ field: 'deadLetterTopic', name: 'connect-dlq-orders-sink', partitionNum: 6, localTopic: false, compactTopic: false });
  });

  it("on Standard Edition (normal): every topic on the instance's cloud storage, the config topic with 2 partitions, and the plan warns but is not blocked", () => {
    const desired = onEdition('normal');
    const steps = plan(desired, nothing());
    expect(stepOf(steps, 'instance')).toEqual({ kind: 'instance', name: 'alikafka_post-cn-plan0001', action: 'drift', detail: `running; ${STANDARD_EDITION_NOTE}` });
    expect(STANDARD_EDITION_NOTE).toMatch(/^Standard Edition: .* cloud storage without compaction .* the deploy goes on$/);
    expect(topicSteps(steps)).toEqual([
      'create connect-offset-orders-sink: 12 partitions, cloud storage',
      'create connect-config-orders-sink: 2 partitions, cloud storage',
      'create connect-status-orders-sink: 6 partitions, cloud storage',
      'create connect-error-orders-sink: 6 partitions, cloud storage',
    ]);
    expect(desired.topics.every((t) => !t.localTopic && !t.compactTopic && t.partitionNum >= 2)).toBe(true);
    expect(steps.filter((s) => s.action === 'blocked')).toEqual([]);
  });

  it('on Standard Edition, a deployed connector changes nothing: its topics drift from the console, nothing is blocked', () => {
    const desired = onEdition('normal');
    const steps = plan(desired, deployed(desired));
    expect(steps.filter(changesSomething)).toEqual([]);
    expect(steps.filter((s) => s.action === 'blocked')).toEqual([]);
    expect(changes(steps).map((c) => c.replace(/:.*/, ''))).toEqual([
      'drift instance alikafka_post-cn-plan0001', 'drift topic connect-offset-orders-sink', 'drift topic connect-config-orders-sink', 'drift topic connect-status-orders-sink',
    ]);
    expect(stepOf(steps, 'topic', 'connect-config-orders-sink').detail).toBe(
      'topic "connect-config-orders-sink" must have exactly 1 partition (has 2): the console\'s constraint, which a Standard Edition instance cannot meet (cloud storage needs at least 2); ' +
      'topic "connect-config-orders-sink" must use local storage (uses cloud storage): the console\'s constraint, which a Standard Edition instance cannot meet; ' +
      'topic "connect-config-orders-sink" must have cleanup.policy=compact (has delete): the console\'s constraint, which a Standard Edition instance cannot meet',
    );
  });

  it('in manual mode on Standard Edition, cloud-storage topics without compaction are a warning, not a block; a missing one still blocks', () => {
    const desired = onEdition('normal', definitionOf({ resources: 'manual' }));
    const observed = deployed(desired);
    expect(plan(desired, observed).filter((s) => s.action === 'blocked')).toEqual([]);
    expect(stepOf(plan(desired, observed), 'topic', 'connect-offset-orders-sink').action).toBe('drift');
    // what Standard Edition can have is still required: more than one offset partition
    observed.topics.set('connect-offset-orders-sink', { ...observed.topics.get('connect-offset-orders-sink')!, partitionNum: 1 });
    expect(stepOf(plan(desired, observed), 'topic', 'connect-offset-orders-sink')).toMatchObject({ action: 'blocked', detail: expect.stringContaining('must have more than 1 partition (has 1)') });
    observed.topics.delete('connect-status-orders-sink');
    expect(stepOf(plan(desired, observed), 'topic', 'connect-status-orders-sink')).toMatchObject({ action: 'blocked', detail: 'manual resources: the topic must exist' });
  });

  it('in manual mode on Professional Edition, the same cloud-storage topics block', () => {
    const standard = onEdition('normal', definitionOf({ resources: 'manual' }));
    const professional = onEdition('professional', definitionOf({ resources: 'manual' }));
    expect(plan(professional, deployed(standard)).filter((s) => s.action === 'blocked').map((s) => s.name)).toEqual([
      'connect-offset-orders-sink', 'connect-config-orders-sink', 'connect-status-orders-sink',
    ]);
  });

  it.each<[number, string]>([[0, 'pending'], [1, 'deploying'], [15, 'expired']])('blocks when the instance is not running (ServiceStatus %i)', (status, name) => {
    const observed = nothing();
    observed.prerequisites.instanceStatus = status;
    expect(stepOf(plan(desiredOf(), observed), 'instance')).toEqual({
      kind: 'instance', name: 'alikafka_post-cn-plan0001', action: 'blocked', detail: `is not running (ServiceStatus ${status}, ${name}); deploy needs a running instance (5)`,
    });
  });
});

describe('plan(): the prerequisites, checked before anything is changed', () => {
  const withPrerequisites = (change: (p: DeployObservation['prerequisites']) => void, observed = nothing()) => {
    change(observed.prerequisites);
    return observed;
  };
  const blocked = (steps: PlanStep[]) => steps.filter((s) => s.action === 'blocked').map((s) => `${s.kind} ${s.name}: ${s.detail}`);

  it('says FC answers and in which zones', () => {
    expect(stepOf(plan(desiredOf(), nothing()), 'fc')).toEqual({ kind: 'fc', name: 'cn-hangzhou', action: 'unchanged', detail: 'Function Compute answers; its zones: cn-hangzhou-h, cn-hangzhou-i' });
  });

  it('blocks every FC step when FC does not answer GetAccountSettings, with the cause and where to activate it', () => {
    const steps = plan(desiredOf(), withPrerequisites((p) => { p.fc = { unreachable: 'FC GetAccountSettings: NetworkError: getaddrinfo ENOTFOUND' }; }));
    expect(blocked(steps)).toEqual([
      'fc cn-hangzhou: Function Compute does not answer (FC GetAccountSettings: NetworkError: getaddrinfo ENOTFOUND): activate it in cn-hangzhou (https://fc.console.aliyun.com) and let this AccessKey call it',
      'service kafka-oss-orders-sink: waits for Function Compute to answer (see the fc step)',
      'function sink: waits for Function Compute to answer (see the fc step)',
      'trigger kafka-source: waits for Function Compute to answer (see the fc step)',
    ]);
  });

  it('blocks the service when the VSwitch is in a zone FC does not run in, in FC\'s own words', () => {
    const steps = plan(desiredOf(), withPrerequisites((p) => { p.fc = { availableAZs: ['cn-hangzhou-f', 'cn-hangzhou-g'] }; }));
    expect(blocked(steps)).toEqual([
      'service kafka-oss-orders-sink: vSwitch is in unsupported zone: vsw-plan0001 is in cn-hangzhou-h, and FC runs in cn-hangzhou only in cn-hangzhou-f, cn-hangzhou-g (GetAccountSettings availableAZs): give a VSwitch of VPC vpc-plan0001 in one of them (--vswitch-id)',
    ]);
  });

  it('blocks the service on an unknown VSwitch with "not found", also before the account is known', () => {
    const unknown = withPrerequisites((p) => { p.vSwitch = undefined; delete p.fc; });
    delete unknown.fc;
    const detail = stepOf(plan(desiredOf(), unknown), 'service').detail;
    expect(detail).toBe('vSwitch vsw-plan0001 not found in cn-hangzhou (VPC DescribeVSwitchAttributes): give a VSwitch of VPC vpc-plan0001 (--vswitch-id)');
    expect(detail).not.toContain('is in ');
    expect(stepOf(plan(desiredOf(), unknown), 'service').action).toBe('blocked');
  });

  it('blocks the service on a VSwitch of another VPC', () => {
    const steps = plan(desiredOf(), withPrerequisites((p) => { p.vSwitch = { vSwitchId: 'vsw-plan0001', vpcId: 'vpc-elsewhere', zoneId: 'cn-hangzhou-h' }; }));
    expect(blocked(steps)).toEqual(['service kafka-oss-orders-sink: vSwitch vsw-plan0001 is in VPC vpc-elsewhere, not vpc-plan0001: give a VSwitch of VPC vpc-plan0001 (--vswitch-id)']);
  });

  it("blocks the service when the instance reports no security group, and names where the VPC's security groups are", () => {
    const desired = desiredOf(definitionOf(), { instance: { ...instance, securityGroup: '' } });
    expect(desired.service.vpcConfig!.securityGroupId).toBe('');
    const [reason] = blocked(plan(desired, nothing()));
    expect(reason).toMatch(/^service kafka-oss-orders-sink: the Kafka instance alikafka_post-cn-plan0001 reports no security group .* FC's access to VPC vpc-plan0001 needs one/);
    expect(reason).toContain('https://ecs.console.aliyun.com/securityGroup/region/cn-hangzhou');
    // the adapter leaves securityGroup out when GetInstanceList's is empty
    const { securityGroup: _group, ...withoutGroup } = instance;
    expect(desiredOf(definitionOf(), { instance: withoutGroup }).service.vpcConfig!.securityGroupId).toBe('');
  });

  it("takes the security group from the instance for the service's VPC config", () => {
    expect(desiredOf().service.vpcConfig).toEqual({ vpcId: 'vpc-plan0001', vSwitchIds: ['vsw-plan0001'], securityGroupId: 'sg-plan0001' });
  });

  it.each<[string, DeployObservation['prerequisites']['bucket'], PlanStep['action'], string]>([
    ['missing', { missing: true }, 'blocked', "no bucket of that name among those the deploying AccessKey lists (OSS ListBuckets): create it in cn-hangzhou or correct the definition's bucket"],
    ['in another region', { region: 'oss-cn-beijing' }, 'blocked', "is in oss-cn-beijing, not cn-hangzhou: the connector's bucket must be in the region of its instance"],
    ['in the region, named without the oss- prefix', { region: 'cn-hangzhou' }, 'check', 'the AccessKey can put, get and delete a probe object'],
    ['not listable by this AccessKey', { unchecked: 'OSS ListBuckets: AccessDenied: no permission' }, 'check',
      'the AccessKey can put, get and delete a probe object (its region was not checked: OSS ListBuckets: AccessDenied: no permission)'],
  ])('judges a bucket %s', (_what, bucket, action, detail) => {
    expect(stepOf(plan(desiredOf(), withPrerequisites((p) => { p.bucket = bucket; })), 'oss')).toEqual({ kind: 'oss', name: 'plan-bucket', action, detail });
  });
});

describe('plan(): the service\'s function logs (issue #16)', () => {
  const logged = desiredOf(definitionOf({ logProject: 'fc-logs', logStore: 'sink-logs' }));

  it('ships the function logs to the definition\'s logstore: set, unchanged, moved, and taken away', () => {
    const without = deployed(logged);
    expect(changes(plan(logged, without))).toEqual(['update service kafka-oss-orders-sink: function logs none → fc-logs/sink-logs']);
    const same = deployed(logged);
    same.fc.service!.logConfig = { project: 'fc-logs', logstore: 'sink-logs' };
    expect(changes(plan(logged, same))).toEqual([]);
    const elsewhere = deployed(logged);
    elsewhere.fc.service!.logConfig = { project: 'fc-logs', logstore: 'other-logs' };
    expect(changes(plan(logged, elsewhere))).toEqual(['update service kafka-oss-orders-sink: function logs fc-logs/other-logs → fc-logs/sink-logs']);
    const unwanted = deployed(desiredOf());
    unwanted.fc.service!.logConfig = { project: 'fc-logs', logstore: 'sink-logs' };
    expect(changes(plan(desiredOf(), unwanted))).toEqual(['update service kafka-oss-orders-sink: function logs fc-logs/sink-logs → none']);
  });

  it('names the logstore in the desired service, and none by default', () => {
    expect(logged.service.logConfig).toEqual({ project: 'fc-logs', logstore: 'sink-logs' });
    expect(desiredOf().service).not.toHaveProperty('logConfig');
  });
});
