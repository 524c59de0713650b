import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDefinitionFile } from '../../src/cli/definition-file.js';
import type { CloudTarget } from '../../src/cloud/target.js';
import { FcApi } from '../../src/cloud/fc.js';
import { prepareDeploy } from '../../src/deploy/deploy.js';
import { openSession } from '../../src/deploy/session.js';
import { EVENTBRIDGE_CONSOLE, TriggerPrerequisiteError } from '../../src/deploy/trigger-failure.js';
import { resolveDefinition, type ConnectorDefinition } from '../../src/definition/definition.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import { runCli } from '../support/cli.js';
import { startTestCloud, silent } from '../support/test-cloud.js';

/*
 * Issue #11 item 11: in an account that has not activated EventBridge, FC cannot create the Kafka trigger. Deploy
 * says why and where to fix it instead of a raw SDK error, and once EventBridge is activated the next deploy
 * finishes with the trigger alone. The local cloud starts with EventBridge not activated.
 */

let cloud: LocalCloud;
let target: CloudTarget;
let instanceId: string;
let home: string;

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-eb-off-', alikafkaIntervalMs: 300, profileNames: ['eb'], cloud: { eventBridgeActivated: false } });
  ({ cloud, target, instanceId, home } = started);
  await started.alikafka.createTopic({ instanceId, topic: 'orders', remark: 'orders', partitionNum: 3, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('eb-bucket');
});

afterAll(async () => {
  await cloud?.close();
});

function definitionOf(name: string): ConnectorDefinition {
  const input = { name, instanceId, sourceTopic: 'orders', bucket: 'eb-bucket', accessKeyId: cloud.accessKey.accessKeyId, offsetReset: 'earliest' };
  const { definition, errors } = resolveDefinition(input, { regionId: 'cn-hangzhou' });
  expect(errors).toEqual([]);
  return definition!;
}

async function deploy(definition: ConnectorDefinition) {
  const prepared = await prepareDeploy(await openSession(target, definition), definition, cloud.accessKey.accessKeySecret);
  return prepared.apply(silent);
}

describe('deploy in an account without EventBridge', () => {
  it('stops at the trigger with the cause and the console link, and the deploy after the activation creates the trigger', async () => {
    const definition = definitionOf('juliet');
    const err = await deploy(definition).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TriggerPrerequisiteError);
    expect(err).toMatchObject({ missing: 'eventbridge-not-activated', api: 'FC CreateTrigger', code: 'ServiceAccessDenied' });
    expect((err as Error).message).toContain(`activate EventBridge at ${EVENTBRIDGE_CONSOLE}`);
    const fc = new FcApi(target, cloud.api!.account.accountId);
    expect(await fc.getFunction('kafka-oss-juliet', 'sink')).toBeDefined();
    expect(await fc.getTrigger('kafka-oss-juliet', 'sink', 'kafka-source')).toBeUndefined();

    cloud.api!.setEventBridgeActivated(true);
    try {
      const again = await deploy(definition);
      expect(again.changed.map((s) => `${s.action} ${s.kind}`)).toEqual(['create trigger']);
    } finally {
      cloud.api!.setEventBridgeActivated(false);
    }
  });

  it('the CLI prints the explanation, not a bare SDK error, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-eb-'));
    await writeDefinitionFile(join(dir, 'kafka-oss.kilo.json'), definitionOf('kilo'));
    const secret = cloud.accessKey.accessKeySecret;
    const result = await runCli(['deploy', 'kilo', '--profile', 'eb'], { cwd: dir, env: { CI: 'true', KAFKA_OSS_HOME: home, KAFKA_OSS_ACCESS_KEY_SECRET: secret } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('FC CreateTrigger failed because EventBridge is not activated for this account (ServiceAccessDenied: The OwnerId');
    expect(result.stderr).toContain(EVENTBRIDGE_CONSOLE);
    expect(result.stdout + result.stderr).not.toContain(secret);
  });
});
