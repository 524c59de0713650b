import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KAFKA_OSS_BIN } from '../support/cli.js';
import { tmuxSession } from '../support/tmux.js';

const session = `kafka-oss-wizard-${process.pid}`;
const SECRET = 'TmuxSecretValue12345';

const { start, keys, waitFor, answer, kill } = tmuxSession(session);

afterEach(kill);

describe('the wizard in a real terminal (tmux, built CLI)', () => {
  it('walks the five steps, goes back from the preview to change a field, and submits', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-'));
    const command = `cd ${cwd} && env -u CI -u KAFKA_OSS_ACCESS_KEY_SECRET LANG=en_US.UTF-8 ${process.execPath} ${KAFKA_OSS_BIN} create --offline; echo "EXIT=$?"; sleep 60`;
    start(command);

    await answer('Connector name', 'kafka-oss-sink', 'Enter');
    await answer('Instance', 'alikafka_post-cn-abc123', 'Enter');
    await answer('Source topic', 'payments', 'Enter');
    await answer('Start position', 'Enter');
    await answer('Consumer concurrency', 'Down', 'Enter');
    await answer('Bucket', 'my-bucket', 'Enter');
    await answer('AccessKey ID', 'LTAI4GG2RGAjppjK0000', 'Enter');
    await answer('AccessKey Secret', SECRET, 'Enter');
    await answer('VPC ID', 'Enter');
    await answer('VSwitch ID', 'Enter');
    await answer('Failure policy', 'Enter');
    await answer('Resources', 'Enter');
    await answer('Change the connector group', 'Enter');

    const preview = await waitFor('What next?');
    expect(preview).toContain('payments');
    expect(preview).toContain('TmuxSecret'.slice(0, 4) + '****');
    expect(preview).not.toContain(SECRET);
    keys('Down', 'Down', 'Enter'); // Go back to: Source
    await answer('Source topic', 'C-u', 'oss-test-input', 'Enter');
    await answer('Start position', 'Down', 'Enter');
    await answer('Consumer concurrency', 'Enter');

    const second = await waitFor('What next?');
    expect(second).toContain('oss-test-input');
    keys('Enter'); // Submit
    const done = await waitFor('EXIT=');
    expect(done).toContain('EXIT=0');
    expect(done).not.toContain(SECRET);

    const definition = JSON.parse(await readFile(join(cwd, 'kafka-oss.kafka-oss-sink.json'), 'utf8'));
    expect(definition).toMatchObject({ name: 'kafka-oss-sink', sourceTopic: 'oss-test-input', offsetReset: 'earliest', concurrency: 12, bucket: 'my-bucket' });
    expect(JSON.stringify(definition)).not.toContain(SECRET);
  });

  it('Ctrl-C leaves nothing behind', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-tmux-'));
    const command = `cd ${cwd} && env -u CI ${process.execPath} ${KAFKA_OSS_BIN} create --offline --lang en; echo "EXIT=$?"; ls -A; echo LISTED; sleep 60`;
    start(command);
    await answer('Connector name', 'abc', 'Enter');
    await answer('Instance', 'C-c');
    const done = await waitFor('LISTED');
    expect(done).toContain('EXIT=130');
    expect(done).toContain('Cancelled: nothing was written.');
    expect(done.split('EXIT=130')[1]!.trim()).toMatch(/^LISTED/);
  });
});
