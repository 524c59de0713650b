import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKafka, type TestKafka } from '../support/test-kafka.js';
import { ACCESS_KEY, readExport, startTestOss, type TestOss } from '../sink/cloud-under-test.js';
import { produceNumbered } from '../sink/produce.js';

const bin = new URL('../../bin/kafka-oss.js', import.meta.url).pathname;
const session = `kafka-oss-sink-tty-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);

/** Waits until the terminal shows text matching `pattern` and returns the screen. */
async function waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (pattern.test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`the terminal never showed ${pattern}; it shows:\n${shown}`);
    await sleep(100);
  }
}

let kafka: TestKafka;
let oss: TestOss;

beforeAll(async () => {
  [kafka, oss] = await Promise.all([startTestKafka(), startTestOss()]);
});

afterAll(async () => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // already gone
  }
  await Promise.all([kafka?.close(), oss?.close()]);
});

describe('kafka-oss sink run in a terminal (tmux, built CLI)', () => {
  it('shows a live line with rate and lag per partition, and Ctrl-C flushes, commits and exits 0', async () => {
    await kafka.createTopic('sink-tty', 3);
    await produceNumbered(kafka.bootstrapServers, 'sink-tty', 1, 30);
    const bucket = await oss.bucket('sink-tty');
    const command = [
      `KAFKA_OSS_ACCESS_KEY_SECRET=${ACCESS_KEY.secret}`, process.execPath, bin, 'sink', 'run', 'sink-tty', '--topic', 'sink-tty',
      '--bootstrap-servers', kafka.bootstrapServers, '--bucket', 'sink-tty', '--oss-endpoint', oss.endpoint, '--region', 'cn-hangzhou',
      '--access-key-id', ACCESS_KEY.id, '--offset-reset', 'earliest', '--flush-interval-ms', '3600000',
    ].join(' ');
    tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '20', `env -u CI ${command}; echo "EXIT=$?"; sleep 60`);

    // everything fetched, nothing written yet (objects close after an hour): lag 30 on partition 1
    const live = await waitFor(/sink-tty: 0 records, 0 objects, \d+ rec\/s, [\d.]+ \w?i?B\/s, lag 0:0 1:30 2:0/);
    expect(live).not.toContain(ACCESS_KEY.secret);
    tmux('send-keys', '-t', session, 'C-c');
    const done = await waitFor(/EXIT=\d+/);
    expect(done).toContain('wrote 30 records in 1 objects');
    expect(done).toContain('EXIT=0');
    expect((await readExport(bucket, '')).map((o) => [o.name, o.records.length])).toEqual([['sink-tty/1/00000000000000000000.json', 30]]);
  });
});
