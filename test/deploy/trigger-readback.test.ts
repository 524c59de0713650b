import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import type { CloudTarget } from '../../src/cloud/target.js';
import { startTestCloud, silent } from '../support/test-cloud.js';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import { describeConnector } from '../../src/deploy/describe.js';
import { STREAM_NOT_RUNNING, type PlanStep } from '../../src/deploy/plan.js';
import { openSession } from '../../src/deploy/session.js';
import { resolveDefinition, type ConnectorDefinition } from '../../src/definition/definition.js';
import { eventBridgeTriggers, sdkClients } from '../emulator/openapi/sdk-clients.js';

/*
 * Issue #11 item 3: FC reads an eventbridge trigger back in its own shape — triggerConfig a JSON string,
 * triggerEnable false until EventBridge has started the event stream, every source-parameter key with nulls for
 * the other source types. Deploy must converge against that: a second deploy right after the first (stream not
 * started) and one after the stream started make no change, and a real change still updates the trigger.
 * The local EventBridge holds every stream start (delay Infinity) until the test lets it go.
 */

let cloud: LocalCloud;
let target: CloudTarget;
let instanceId: string;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-readback-', alikafkaIntervalMs: 300, cloud: { eventStreamStartDelayMs: Infinity } });
  ({ cloud, target, instanceId } = started);
  await started.alikafka.createTopic({ instanceId, topic: 'orders', remark: 'orders', partitionNum: 3, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('readback-bucket');
});

afterAll(async () => {
  await cloud?.close();
});

function definitionOf(name: string, concurrency = '6'): ConnectorDefinition {
  const input = { name, instanceId, sourceTopic: 'orders', bucket: 'readback-bucket', accessKeyId: cloud.accessKey.accessKeyId, offsetReset: 'earliest', concurrency };
  const { definition, errors } = resolveDefinition(input, { regionId: 'cn-hangzhou' });
  expect(errors).toEqual([]);
  return definition!;
}

async function deploy(definition: ConnectorDefinition) {
  const prepared = await prepareDeploy(await openSession(target, definition), definition, cloud.accessKey.accessKeySecret);
  return { planned: prepared.steps, result: await prepared.apply(silent) };
}

const changesOf = (steps: PlanStep[]) => steps.filter((s) => s.action !== 'unchanged' && s.action !== 'check');
const triggerStep = (steps: PlanStep[]) => steps.find((s) => s.kind === 'trigger')!;

const describedTrigger = async (definition: ConnectorDefinition) =>
  (await describeConnector(await openSession(target, definition), definition)).resources.find((r) => r.kind === 'trigger')!.detail;

/** GetTrigger through the official FC SDK, as deploy's adapter sees it. */
async function readTrigger(serviceName: string) {
  const { fc } = sdkClients(cloud.description.api!.endpoint, cloud.accessKey);
  const body = (await eventBridgeTriggers(fc).get(serviceName, 'sink', 'kafka-source')).body!;
  expect(typeof body.triggerConfig).toBe('string');
  return JSON.parse(body.triggerConfig!) as { triggerEnable: boolean; eventSourceConfig: { eventSourceParameters: Record<string, unknown> }; runOptions: { maximumTasks: number } };
}

describe('the trigger as FC reads it back', () => {
  it('a second deploy changes nothing before and after the event stream started; a changed concurrency still updates the trigger', async () => {
    const definition = definitionOf('india');
    const first = await deploy(definition);
    expect(first.result.changed.map((s) => s.kind)).toContain('trigger');

    const held = await readTrigger('kafka-oss-india');
    expect(held.triggerEnable).toBe(false);
    expect(held.eventSourceConfig.eventSourceParameters).toEqual({
      sourceDTSParameters: null, sourceKafkaParameters: expect.objectContaining({ Topic: 'orders', ConsumerGroup: 'connect-india' }),
      sourceMNSParameters: null, sourceMQTTParameters: null, sourceRabbitMQParameters: null, sourceRocketMQParameters: null,
    });

    // right after the first deploy: the stream has not started, and nothing is planned or done
    const second = await deploy(definition);
    expect(changesOf(second.planned)).toEqual([]);
    expect(second.result.changed).toEqual([]);
    expect(triggerStep(second.planned).detail).toBe(`exists; ${STREAM_NOT_RUNNING}`);
    expect((await readTrigger('kafka-oss-india')).triggerEnable).toBe(false);
    expect(await describedTrigger(definition)).toBe('maximumTasks 6, errorsTolerance ALL, event stream not running (starting, or stopped)');

    // once EventBridge has started the stream
    cloud.fcRuntime!.setEventStreamStartDelay(0);
    await expect.poll(async () => (await readTrigger('kafka-oss-india')).triggerEnable, { timeout: 30_000 }).toBe(true);
    const third = await deploy(definition);
    expect(changesOf(third.planned)).toEqual([]);
    expect(third.result.changed).toEqual([]);
    expect(triggerStep(third.planned).detail).toBe('exists');
    expect(await describedTrigger(definition)).toBe('maximumTasks 6, errorsTolerance ALL, event stream running');

    // a real change is still one
    cloud.fcRuntime!.setEventStreamStartDelay(Infinity);
    const wider = definitionOf('india', '12');
    const changed = await deploy(wider);
    expect(changesOf(changed.planned)).toEqual([
      { kind: 'trigger', name: 'kafka-source', action: 'update', detail: 'trigger config differs: runOptions.maximumTasks 6 → 12' },
    ]);
    expect(changed.result.changed.map((s) => `${s.action} ${s.kind}`)).toEqual(['update trigger']);
    const restarted = await readTrigger('kafka-oss-india');
    expect(restarted).toMatchObject({ triggerEnable: false, runOptions: { maximumTasks: 12 } });
    expect(changesOf((await deploy(wider)).planned)).toEqual([]);
    cloud.fcRuntime!.setEventStreamStartDelay(0);
  });
});
