import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile, saveProfile } from '../../src/cloud/profile-store.js';
import { writeDefinitionFile } from '../../src/cli/definition-file.js';
import { resolveDefinition } from '../../src/definition/definition.js';
import { runCli } from '../support/cli.js';

// Issue #14 item 11: files kafka-oss writes (definitions, profiles) go through a random, exclusively created
// temporary file, so a symlink planted where the temporary file used to be (.<name>.<pid>.tmp) is never followed.
const flags = ['--name', 'orders', '--instance-id', 'alikafka_post-cn-1', '--source-topic', 'orders', '--bucket', 'orders-bucket', '--access-key-id', 'LTAI5tExampleKey'];

describe('files kafka-oss writes', () => {
  it('never follow a symlink planted where the temporary file used to be', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-symlink-'));
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'precious');
    // the old temporary name was predictable: .<file>.<pid>.tmp, opened with 'w' (following links)
    await symlink(victim, join(dir, `.def.json.${process.pid}.tmp`));
    const { definition } = resolveDefinition({ name: 'orders', instanceId: 'alikafka_post-cn-1', sourceTopic: 'orders', bucket: 'orders-bucket', accessKeyId: 'LTAI5tExampleKey' });
    await writeDefinitionFile(join(dir, 'def.json'), definition!);
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(JSON.parse(await readFile(join(dir, 'def.json'), 'utf8'))).toMatchObject({ name: 'orders' });
  });

  it('from the CLI leave no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-out-'));
    const run = await runCli(['create', '--yes', '--offline', '--out', join(dir, 'def.json'), ...flags], { env: { CI: 'true' } });
    expect(run.code, run.stderr).toBe(0);
    expect(await readdir(dir)).toEqual(['def.json']);
  });

  it('keep profiles private (0600 in a 0700 directory) and never read one named after an Object property', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'kafka-oss-profiles-')), 'home');
    const path = join(dir, 'profiles.json');
    await saveProfile('local', { regionId: 'cn-hangzhou', accessKeyId: 'LTAIlocal0000001', accessKeySecret: 'secret' }, path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await loadProfile('local', path)).toMatchObject({ accessKeyId: 'LTAIlocal0000001' });
    for (const name of ['__proto__', 'constructor', 'toString']) expect(await loadProfile(name, path)).toBeUndefined();
    expect(existsSync(path)).toBe(true);
  });
});
