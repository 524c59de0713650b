import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDefinitionFile } from '../../src/cli/definition-file.js';
import { resolveDefinition } from '../../src/definition/definition.js';
import type { LocalCloud } from '../../src/emulator/local-cloud.js';
import { KAFKA_OSS_BIN, runCli } from '../support/cli.js';
import { startTestCloud } from '../support/test-cloud.js';
import { tmuxSession } from '../support/tmux.js';

// Issue #12 item 2: Ctrl-C during a deploy on a terminal stops it (the spinner used to hold the terminal in raw
// mode, so the deploy ran to the end with exit 0), says where it stopped, and the next deploy finishes the job.
let cloud: LocalCloud;
let home: string;
let work: string;
const { start, keys, waitFor, kill } = tmuxSession(`kafka-oss-deploy-interrupt-${process.pid}`);

beforeAll(async () => {
  // Flow control at one call per second per action, as alikafka documents it: the deploy takes long enough to interrupt.
  const started = await startTestCloud({ prefix: 'kafka-oss-interrupt-', alikafkaIntervalMs: 1000 });
  ({ cloud, home } = started);
  await started.alikafka.createTopic({ instanceId: started.instanceId, topic: 'orders', remark: 'orders', partitionNum: 2, localTopic: false, compactTopic: false });
  await new OSS({ ...cloud.accessKey, endpoint: started.profile.ossEndpoint!, region: 'oss-cn-hangzhou', authorizationV4: true } as OSS.Options).putBucket('interrupt-bucket');
  work = await mkdtemp(join(tmpdir(), 'kafka-oss-interrupt-work-'));
  const { definition } = resolveDefinition({ name: 'stopped', instanceId: started.instanceId, sourceTopic: 'orders', bucket: 'interrupt-bucket', accessKeyId: cloud.accessKey.accessKeyId });
  await writeDefinitionFile(join(work, 'kafka-oss.stopped.json'), definition!);
});

afterAll(async () => {
  kill();
  await cloud?.close();
});

describe('Ctrl-C during deploy on a terminal', () => {
  it('stops at once with exit 130, says where, and the next deploy finishes', async () => {
    const env = `KAFKA_OSS_HOME=${home} KAFKA_OSS_ACCESS_KEY_SECRET=${cloud.accessKey.accessKeySecret}`;
    start(`cd ${work} && env -u CI ${env} ${process.execPath} ${KAFKA_OSS_BIN} deploy stopped --profile live; echo "EXIT=$?"; sleep 60`, { columns: 160, rows: 40 });
    await waitFor(/applying (group|topic)/, 60_000);
    keys('C-c');
    const screen = await waitFor(/EXIT=\d+/);
    expect(screen).toContain('EXIT=130');
    expect(screen).toMatch(/Interrupted \(SIGINT\) (during \w+ \S+|between steps), after \d+ steps?\./);
    expect(screen).toContain('run `kafka-oss deploy stopped` again to finish');
    expect(screen).not.toContain('Deployed:');

    const again = await runCli(['deploy', 'stopped', '--profile', 'live'], { cwd: work, env: { CI: 'true', KAFKA_OSS_HOME: home, KAFKA_OSS_ACCESS_KEY_SECRET: cloud.accessKey.accessKeySecret } });
    expect(again.stderr).not.toContain('✖');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Deployed: \d+ resources? created or updated/);
    const third = await runCli(['deploy', 'stopped', '--profile', 'live'], { cwd: work, env: { CI: 'true', KAFKA_OSS_HOME: home, KAFKA_OSS_ACCESS_KEY_SECRET: cloud.accessKey.accessKeySecret } });
    expect(third.stdout).toContain('Nothing to do');
  });
});
