import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import type { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { listBuckets } from '../../src/cloud/oss-account.js';
import type { CloudTarget } from '../../src/cloud/target.js';
import { KAFKA_OSS_BIN, runCli } from '../support/cli.js';
import { startTestCloud } from '../support/test-cloud.js';
import { tmuxSession } from '../support/tmux.js';

// A newcomer's wizard on a fresh local cloud, in a real terminal (issue #12 items 6, 7 and 8): no topic and
// no bucket yet, a name already taken by someone's consumer group, an AccessKey that may only read.
const session = `kafka-oss-wizard-newcomer-${process.pid}`;
const READ_ONLY = { id: 'LTAIreadonly00001', secret: 'ReadOnlySecretValue0001' };
let cloud: LocalCloud;
let home: string;
let instanceId: string;
let alikafka: AlikafkaApi;
let target: CloudTarget;

const { start, screen, keys, waitFor, answer, kill } = tmuxSession(session);

beforeAll(async () => {
  // FC runs in both zones of the local VPC, so the VSwitch the walk picks (vsw-local02, zone i) can be deployed to.
  const started = await startTestCloud({ prefix: 'kafka-oss-tmux-newcomer-', alikafkaIntervalMs: 100, cloud: { account: { fcAvailableZones: ['cn-hangzhou-h', 'cn-hangzhou-i'] } } });
  ({ cloud, home, instanceId, alikafka, target } = started);
  await alikafka.createConsumerGroup(instanceId, 'connect-taken', { remark: 'somebody-else' });
  cloud.oss!.addAccessKey({ id: READ_ONLY.id, secret: READ_ONLY.secret, policy: { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:GetObject'], Resource: '*' }] } });
});

afterAll(async () => {
  await cloud?.close();
});

afterEach(kill);

/** The prompt's own line and what is shown under it, once `text` shows. */
const shown = async (text: string | RegExp) => waitFor(text);

describe('the wizard on a fresh account (tmux, built CLI, local cloud)', () => {
  it('refuses answers at their prompt, creates the topic and the bucket, probes the secret, and deploys now with it', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-newcomer-'));
    // No KAFKA_OSS_ACCESS_KEY_SECRET: the secret is typed, and "Deploy now" must deploy with it.
    const command = `cd ${cwd} && env -u CI -u KAFKA_OSS_ACCESS_KEY_SECRET KAFKA_OSS_HOME=${home} LANG=en_US.UTF-8 ${process.execPath} ${KAFKA_OSS_BIN} create --profile live; echo "EXIT=$?"; sleep 120`;
    start(command);

    // Item 8: the name is checked against the instance at its prompt.
    await answer('Connector name', 'taken', 'Enter');
    const refusedName = await shown('Connector name: must be unique in the instance; consumer group "connect-taken" already exists');
    expect(refusedName).not.toContain('--name');
    keys('C-u', 'newcomer', 'Enter');
    await answer(instanceId, 'Enter');

    // Item 6: no topic yet — the wizard says so and creates one with CreateTopic.
    await waitFor(`Instance ${instanceId} has no topic to export from yet.`);
    await answer('+ Create a new topic', 'Enter');
    await answer('Topic name', 'orders', 'Enter');
    await answer('Description (CreateTopic requires one)', 'Enter');
    await answer('Partitions', 'Enter');
    await waitFor(`Created topic orders in ${instanceId} (partitions: 12).`);
    await answer('Start position', 'Enter');
    await answer('Consumer concurrency', 'Enter');

    await waitFor('The account has no OSS bucket in region cn-hangzhou yet.');
    await answer('+ Create a new bucket', 'Enter');
    await answer('Bucket name', 'newcomer-bucket', 'Enter');
    await waitFor('Created bucket newcomer-bucket in cn-hangzhou.');

    // Item 7: the secret is probed against the bucket at once; a key that may not write shows the policy.
    await waitFor('passed to the Function Compute function as environment variables');
    await answer('AccessKey ID', READ_ONLY.id, 'Enter');
    await answer('AccessKey Secret', READ_ONLY.secret, 'Enter');
    const denied = await shown('OSS denied PutObject on bucket newcomer-bucket');
    expect(denied.replace(/\s+/g, '')).toContain('{"Version":"1","Statement":[{"Action":["oss:GetObject","oss:PutObject"],"Resource":"*","Effect":"Allow"}]}');
    keys('C-u', 'Enter'); // an empty answer goes back to the AccessKey ID
    await waitFor(/AccessKey ID \(LTAIreadonly/);
    keys('C-u', cloud.accessKey.accessKeyId, 'Enter');
    await waitFor(`AccessKey ID ${cloud.accessKey.accessKeyId}`); // answered: the secret prompt comes next
    await waitFor(/AccessKey Secret\s*$/m);
    keys(cloud.accessKey.accessKeySecret, 'Enter');

    await answer('VPC ID', 'Enter');
    await answer('VSwitch ID', 'C-u', 'vsw-other01', 'Enter');
    await shown('VSwitch ID: must be in VPC vpc-local01 (got "vsw-other01", which is in vpc-other01)');
    keys('C-u', 'vsw-local02', 'Enter');
    await answer('Failure policy', 'Enter');
    await answer('Resources', 'Enter');
    await answer('Log Service project', 'Enter');
    await answer('Change the connector group', 'Enter');

    await answer('What next?', 'Enter'); // Submit
    await answer('Deploy now?', 'Enter'); // yes (the default)
    const done = await waitFor('EXIT=', 240_000);
    expect(done).toContain('EXIT=0');
    expect(screen()).not.toContain(cloud.accessKey.accessKeySecret);

    expect((await alikafka.listTopics(instanceId)).find((t) => t.name === 'orders')).toMatchObject({ partitionNum: 12, remark: 'source-of-newcomer' });
    expect((await listBuckets(target)).map((b) => b.name)).toContain('newcomer-bucket');
    const written = JSON.parse(await readFile(join(cwd, 'kafka-oss.newcomer.json'), 'utf8'));
    expect(written).toMatchObject({ name: 'newcomer', sourceTopic: 'orders', bucket: 'newcomer-bucket', vSwitchId: 'vsw-local02' });

    // The function deployed "now" holds the typed secret: a test message reaches the bucket through it.
    const tested = await runCli(['test', 'newcomer', '--profile', 'live'], { cwd, env: { CI: 'true', KAFKA_OSS_HOME: home, KAFKA_OSS_ACCESS_KEY_SECRET: undefined }, timeoutMs: 180_000 });
    expect(tested.stderr + tested.stdout).not.toContain(cloud.accessKey.accessKeySecret);
    expect(tested.code).toBe(0);
  });
});
