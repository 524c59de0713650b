import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

// Issue #17: what users install is the published package, not this checkout. Pack it, install the tarball
// with production dependencies only into an empty project, and run the CLI from there.
const exec = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
let project: string;
let packed: { filename: string; size: number; entryCount: number; files: { path: string }[] };

/** npm as the current Node runs it (the CI legs run this file under Node 22 and 24 too). */
const npm = (args: string[], cwd: string) => exec('npm', args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
const cli = (args: string[], cwd: string) =>
  exec(process.execPath, [join(project, 'node_modules', 'kafka-oss', 'bin', 'kafka-oss.js'), ...args], { cwd, env: { ...process.env, CI: 'true', KAFKA_OSS_HOME: join(cwd, '.kafka-oss') }, timeout: 180_000 })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }));

beforeAll(async () => {
  const out = await mkdtemp(join(tmpdir(), 'kafka-oss-pack-'));
  // --ignore-scripts: npm test has built dist/ already; rebuilding it here would pull it from under the tests running beside.
  const { stdout } = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', out], root);
  packed = (JSON.parse(stdout.slice(stdout.indexOf("["))) as (typeof packed)[])[0]!;
  project = await mkdtemp(join(tmpdir(), 'kafka-oss-installed-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'uses-kafka-oss', version: '1.0.0', private: true }));
  await npm(['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(out, packed.filename)], project);
});

describe('the published package', () => {
  it('holds what the CLI needs and nothing else', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toContain('bin/kafka-oss.js');
    expect(paths).toContain('dist/cli/main.bundle.js');
    expect(paths).toContain('dist/sink/fc-bundle.zip');
    expect(paths.filter((p) => /^(src|test|bench|scripts)\//.test(p) || p.endsWith('.map') || p.endsWith('.ts'))).toEqual([]);
    expect(packed.size).toBeLessThan(3 * 1024 * 1024);
  });

  it('installs with production dependencies only: no bundler, no test runner', () => {
    for (const dev of ['esbuild', 'vitest', 'typescript', 'oxc-parser']) expect(existsSync(join(project, 'node_modules', dev)), dev).toBe(false);
  });

  it('runs --help', async () => {
    const help = await cli(['--help'], project);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kafka-oss');
  });

  it('records a definition with create --yes', async () => {
    const created = await cli(['create', '--yes', '--offline', '--name', 'installed', '--instance-id', 'alikafka_post-cn-1', '--source-topic', 'orders', '--bucket', 'orders-bucket', '--access-key-id', 'LTAI5tExampleKey'], project);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(JSON.parse(await readFile(join(project, 'kafka-oss.installed.json'), 'utf8'))).toMatchObject({ name: 'installed', taskGroup: 'connect-installed' });
  });

  it('runs quickstart end to end, deploying the prebuilt sink package', async () => {
    const run = await cli(['quickstart', '--output', 'json'], project);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { records: unknown[] };
    expect(result.records).toEqual([expect.objectContaining({ key: '1', offset: 0, partition: 0, value: '1', valueSize: 1 })]);
  });
});
