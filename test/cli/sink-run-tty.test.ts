import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAFKA_OSS_BIN } from '../support/cli.js';
import { tmuxSession } from '../support/tmux.js';
import { startTestKafka, type TestKafka } from '../support/test-kafka.js';
import { ACCESS_KEY, readExport, startTestOss, type TestOss } from '../support/test-oss.js';
import { produceNumbered } from '../support/produce.js';

const { start, keys, waitFor, kill } = tmuxSession(`kafka-oss-sink-tty-${process.pid}`);

let kafka: TestKafka;
let oss: TestOss;

beforeAll(async () => {
  [kafka, oss] = await Promise.all([startTestKafka(), startTestOss()]);
});

afterAll(async () => {
  kill();
  await Promise.all([kafka?.close(), oss?.close()]);
});

describe('kafka-oss sink run in a terminal (tmux, built CLI)', () => {
  it('shows a live line with rate and lag per partition, and Ctrl-C flushes, commits and exits 0', async () => {
    await kafka.createTopic('sink-tty', 3);
    await produceNumbered(kafka.bootstrapServers, 'sink-tty', 1, 30);
    const bucket = await oss.bucket('sink-tty');
    const command = [
      `KAFKA_OSS_ACCESS_KEY_SECRET=${ACCESS_KEY.secret}`, process.execPath, KAFKA_OSS_BIN, 'sink', 'run', 'sink-tty', '--topic', 'sink-tty',
      '--bootstrap-servers', kafka.bootstrapServers, '--bucket', 'sink-tty', '--oss-endpoint', oss.endpoint, '--region', 'cn-hangzhou',
      '--access-key-id', ACCESS_KEY.id, '--offset-reset', 'earliest', '--flush-interval-ms', '3600000',
    ].join(' ');
    start(`env -u CI ${command}; echo "EXIT=$?"; sleep 60`, { columns: 160, rows: 20 });

    // everything fetched, nothing written yet (objects close after an hour): lag 30 on partition 1
    const live = await waitFor(/sink-tty: 0 records, 0 objects, \d+ rec\/s, [\d.]+ \w?i?B\/s, lag 0:0 1:30 2:0/);
    expect(live).not.toContain(ACCESS_KEY.secret);
    keys('C-c');
    const done = await waitFor(/EXIT=\d+/);
    expect(done).toContain('wrote 30 records in 1 objects');
    expect(done).toContain('EXIT=0');
    expect((await readExport(bucket, '')).map((o) => [o.name, o.records.length])).toEqual([['sink-tty/sink-tty/1/00000000000000000000.json', 30]]);
  });
});
