import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KAFKA_OSS_BIN } from '../support/cli.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import { startTestCloud } from '../support/test-cloud.js';
import { tmuxSession } from '../support/tmux.js';

// The built CLI's wizard in a real terminal, choosing the source topic and the bucket from the
// local cloud's live lists (more than ten topics: a search prompt; one bucket: a select).
const session = `kafka-oss-wizard-live-${process.pid}`;
const SOURCE_TOPICS = ['orders', 'payments', ...Array.from({ length: 10 }, (_, i) => `events-${i}`)];
let cloud: LocalCloud;
let home: string;
let instanceId: string;

const { start, keys, waitFor, answer, kill } = tmuxSession(session);

beforeAll(async () => {
  const started = await startTestCloud({ prefix: 'kafka-oss-tmux-live-', alikafkaIntervalMs: 100 });
  ({ cloud, home, instanceId } = started);
  for (const topic of SOURCE_TOPICS) {
    await started.alikafka.createTopic({ instanceId, topic, remark: topic, partitionNum: 3, localTopic: false, compactTopic: false });
  }
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('live-bucket');
});

afterAll(async () => {
  await cloud?.close();
});

afterEach(kill);

describe('the wizard in a real terminal against the local cloud', () => {
  it('chooses the topic and the bucket from live lists, goes back from the preview, and submits', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-live-'));
    const secret = cloud.accessKey.accessKeySecret;
    const command = `cd ${cwd} && env -u CI KAFKA_OSS_HOME=${home} KAFKA_OSS_ACCESS_KEY_SECRET=${secret} LANG=en_US.UTF-8 ${process.execPath} ${KAFKA_OSS_BIN} create --profile live; echo "EXIT=$?"; sleep 60`;
    start(command);

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
    await answer('Log Service project', 'Enter');
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
    await answer('Deploy now?', 'n', 'Enter');
    const done = await waitFor('EXIT=');
    expect(done).toContain('EXIT=0');
    expect(done).not.toContain(secret);

    const written = await readFile(join(cwd, 'kafka-oss.live-sink.json'), 'utf8');
    expect(JSON.parse(written)).toMatchObject({ name: 'live-sink', instanceId, sourceTopic: 'payments', bucket: 'live-bucket' });
    expect(written).not.toContain(secret);
  });
});
