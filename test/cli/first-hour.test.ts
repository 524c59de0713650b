import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KAFKA_OSS_BIN, runCli, startLocalUp } from '../support/cli.js';

// A newcomer's first hour (issue #12), each mistake through the built CLI: what it says, and its exit code.
let home: string;
let work: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'kafka-oss-first-hour-'));
  work = join(home, 'work');
  await mkdir(work);
  await mkdir(join(home, '.kafka-oss'));
  await writeFile(join(home, '.kafka-oss', 'profiles.json'), JSON.stringify({
    profiles: { local: { regionId: 'cn-hangzhou', accessKeyId: 'LTAIlocal0000001', accessKeySecret: 'local-secret-value', apiEndpoint: '127.0.0.1:9', protocol: 'http' } },
  }));
});

const env = () => ({ CI: 'true', HOME: home, KAFKA_OSS_HOME: join(home, '.kafka-oss'), ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ALIBABA_CLOUD_REGION_ID: undefined });
const definitionFlags = ['--name', 'orders', '--instance-id', 'alikafka_post-cn-1', '--source-topic', 'orders', '--bucket', 'orders-bucket', '--access-key-id', 'LTAI5tExampleKey'];

describe('a mistyped profile', () => {
  it('is named, with the closest profile and where profiles live (exit 2)', async () => {
    const { code, stderr } = await runCli(['list', '--profile', 'locl'], { env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain('--profile: no profile named "locl" — did you mean "local"?');
    expect(stderr).toContain('kafka-oss local up');
    expect(stderr).not.toContain('undefined');
  });
});

describe('a local cloud that is not running', () => {
  it('is named, with the command that starts it, not a raw socket error', async () => {
    const { code, stderr } = await runCli(['list', '--profile', 'local'], { env: env() });
    expect(code).toBe(1);
    expect(stderr).toContain('alikafka GetInstanceList failed: cannot reach 127.0.0.1:9 (connection refused)');
    expect(stderr).toContain('→ profile "local" points at 127.0.0.1:9, which does not answer: if it is the local cloud, start it with `kafka-oss local up`');
    expect(stderr).not.toMatch(/ECONNREFUSED|POST http/);
  });
});

describe('help', () => {
  it('ends quietly when the reader of its output goes away (EPIPE)', () => {
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${KAFKA_OSS_BIN}" create --help | true`], { encoding: 'utf8' });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  });

  it('prints each default once, the global options and examples', async () => {
    const { stdout } = await runCli(['create', '--help']);
    for (const flag of ['--instance-id', '--vpc-id', '--vswitch-id']) {
      const line = stdout.split('\n').find((l) => l.trimStart().startsWith(flag)) ?? '';
      const block = stdout.slice(stdout.indexOf(line), stdout.indexOf('\n  --', stdout.indexOf(line) + 1));
      expect(block.match(/\(default:/g), flag).toHaveLength(1);
    }
    expect(stdout).toContain('Global Options:');
    expect(stdout).toContain('--profile <name>');
    expect(stdout).toContain('Examples:\n  $ kafka-oss create');
  });

  it.each([['quickstart'], ['create'], ['deploy'], ['test'], ['list'], ['describe'], ['get'], ['delete'], ['send-message'], ['sink', 'run'], ['local', 'up']])('of %s has examples', async (...command) => {
    const { stdout } = await runCli([...command, '--help']);
    expect(stdout).toContain(`Examples:\n  $ kafka-oss ${command.join(' ')}`);
  });
});

describe('definition files', () => {
  it('report a JSON syntax error by line and column', async () => {
    await writeFile(join(work, 'broken.json'), '{\n  "name": "orders",\n  "bucket": "orders-bucket"\n  "sourceTopic": "orders"\n}\n');
    const { code, stderr } = await runCli(['create', '--offline', '--from-file', 'broken.json'], { cwd: work, env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain("broken.json: not valid JSON at line 4, column 3: Expected ',' or '}' after property value");
  });

  it("name the file's own fields, not flags, when a value breaks a rule", async () => {
    const definition = { name: 'orders', instanceId: 'alikafka_post-cn-1', sourceTopic: 'orders', bucket: 'orders-bucket', accessKeyId: 'LTAI5tExampleKey', topics: { offset: 'x' } };
    await writeFile(join(work, 'kafka-oss.orders.json'), JSON.stringify(definition));
    const { code, stderr } = await runCli(['deploy', 'orders', '--dry-run', '--profile', 'local'], { cwd: work, env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain('kafka-oss.orders.json: "topics.offset": must be 3–64 characters (got 1: "x")');
    expect(stderr).not.toContain('--offset-topic');
  });

  it('that do not exist say to run create first', async () => {
    const { code, stderr } = await runCli(['deploy', 'nosuch'], { cwd: work, env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain('no kafka-oss.nosuch.json here');
    expect(stderr).toContain('run `kafka-oss create` first');
    expect(stderr).toContain("the connector's cloud record could not be read either: --region: no region given");
  });

  it('from create --from-file name the file for its values and the flags for theirs', async () => {
    await writeFile(join(work, 'partial.json'), JSON.stringify({ name: 'orders', concurrency: '7' }));
    const { code, stderr } = await runCli(['create', '--offline', '--from-file', 'partial.json', ...definitionFlags.slice(2), '--offset-reset', 'newest'], { cwd: work, env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain('partial.json: "concurrency": must be 6 or 12 (got "7")');
    expect(stderr).toContain('--offset-reset (Start position): must be latest or earliest (got "newest")');
  });
});

describe('local up', () => {
  let blocker: Server;
  let busyPort: number;

  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('on a port in use names the flag and leaves no data directory behind', async () => {
    const dataDir = join(home, 'never-made');
    const { code, stderr } = await runCli(['local', 'up', '--data-dir', dataDir, '--kafka-port', '0', '--oss-port', String(busyPort), '--api-port', '0', '--no-save-profile'], { env: env() });
    expect(code).toBe(1);
    expect(stderr).toContain(`--oss-port ${busyPort} on 127.0.0.1 is already in use`);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('refuses to take the "local" profile from a local cloud that is still running', async () => {
    const ownHome = await mkdtemp(join(tmpdir(), 'kafka-oss-two-clouds-'));
    const cloudEnv = { CI: 'true', KAFKA_OSS_HOME: ownHome };
    const first = await startLocalUp(['--data-dir', join(ownHome, 'one')], cloudEnv);
    try {
      const second = await runCli(['local', 'up', '--data-dir', join(ownHome, 'two'), '--kafka-port', '0', '--oss-port', '0', '--api-port', '0'], { env: cloudEnv });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('a local cloud is already running for profile "local"');
      expect(second.stderr).toContain('--no-save-profile');
      expect(existsSync(join(ownHome, 'two'))).toBe(false);
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });
});
