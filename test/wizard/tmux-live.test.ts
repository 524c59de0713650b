import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OSS from 'ali-oss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCloud, type LocalCloud } from '../../src/emulator/local-cloud.js';
import { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { saveProfile } from '../../src/cloud/profile-store.js';
import { profileTarget } from '../../src/cloud/target.js';

// The built CLI's wizard in a real terminal, choosing the source topic and the bucket from the
// local cloud's live lists (more than ten topics: a search prompt; one bucket: a select).
const bin = new URL('../../bin/kafka-oss.js', import.meta.url).pathname;
const session = `kafka-oss-wizard-live-${process.pid}`;
const SOURCE_TOPICS = ['orders', 'payments', ...Array.from({ length: 10 }, (_, i) => `events-${i}`)];
let cloud: LocalCloud;
let home: string;
let instanceId: string;

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => tmux('send-keys', '-t', session, ...k);

async function waitFor(text: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (shown.includes(text)) return shown;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${JSON.stringify(text)}; it shows:\n${shown}`);
    await sleep(100);
  }
}

async function answer(prompt: string, ...k: string[]): Promise<void> {
  await waitFor(prompt);
  keys(...k);
  await sleep(200);
}

beforeAll(async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-live-'));
  cloud = await startLocalCloud({ dataDir, kafkaPort: 0, ossPort: 0, apiPort: 0, alikafkaIntervalMs: 100 });
  const d = cloud.description;
  const profile = {
    regionId: d.regionId, ...cloud.accessKey, apiEndpoint: d.api!.endpoint, ossEndpoint: d.oss!.endpoint,
    protocol: 'http' as const, kafkaBootstrapServers: d.kafka!.bootstrapServers,
  };
  home = join(dataDir, 'home');
  await saveProfile('live', profile, join(home, 'profiles.json'));
  const alikafka = new AlikafkaApi(profileTarget('live', profile));
  instanceId = (await alikafka.listInstances())[0]!.instanceId;
  for (const topic of SOURCE_TOPICS) {
    await alikafka.createTopic({ instanceId, topic, remark: topic, partitionNum: 3, localTopic: false, compactTopic: false });
  }
  await new OSS({ ...cloud.accessKey, endpoint: d.oss!.endpoint, region: 'oss-cn-hangzhou' } as OSS.Options).putBucket('live-bucket');
}, 120_000);

afterAll(async () => {
  await cloud?.close();
});

afterEach(() => {
  try { tmux('kill-session', '-t', session); } catch { /* already gone */ }
});

describe('the wizard in a real terminal against the local cloud', () => {
  it('chooses the topic and the bucket from live lists, goes back from the preview, and submits', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-live-'));
    const secret = cloud.accessKey.accessKeySecret;
    const command = `cd ${cwd} && env -u CI KAFKA_OSS_HOME=${home} KAFKA_OSS_ACCESS_KEY_SECRET=${secret} LANG=en_US.UTF-8 ${process.execPath} ${bin} create --profile live; echo "EXIT=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '50', command);

    await answer('Connector name', 'live-sink', 'Enter');
    await answer(instanceId, 'Enter'); // the region's only instance, preselected
    await answer('type to filter', 'orders');
    await answer('orders (3)', 'Enter');
    await answer('Start position', 'Enter');
    await answer('Consumer concurrency', 'Enter');
    await answer('live-bucket', 'Enter');
    await answer('AccessKey ID', 'C-u', cloud.accessKey.accessKeyId, 'Enter');
    await answer('VPC ID', 'Enter');
    await answer('VSwitch ID', 'Enter');
    await answer('Failure policy', 'Enter');
    await answer('Resources', 'Enter');
    await answer('Change the connector group', 'Enter');

    const preview = await waitFor('What next?');
    expect(preview).toMatch(/Source topic\s+orders/);
    expect(preview).not.toContain(secret);
    keys('Down', 'Down', 'Enter'); // Go back to: Source
    await answer('type to filter', 'payments');
    await answer('payments (3)', 'Enter');
    await answer('Start position', 'Enter');
    await answer('Consumer concurrency', 'Enter');

    const second = await waitFor('What next?');
    expect(second).toMatch(/Source topic\s+payments/);
    keys('Enter'); // Submit: the live checks run against the local cloud
    const done = await waitFor('EXIT=');
    expect(done).toContain('EXIT=0');
    expect(done).not.toContain(secret);

    const written = await readFile(join(cwd, 'kafka-oss.live-sink.json'), 'utf8');
    expect(JSON.parse(written)).toMatchObject({ name: 'live-sink', instanceId, sourceTopic: 'payments', bucket: 'live-bucket' });
    expect(written).not.toContain(secret);
  });
});
