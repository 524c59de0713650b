import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kcat } from './broker-under-test.js';

// Spawns the built CLI: run `npx tsc -p tsconfig.build.json` first.
const BIN = new URL('../../../bin/kafka-oss.js', import.meta.url).pathname;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'local-up-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, exit, stderr: () => stderr };
}

describe('kafka-oss local up', () => {
  it('prints one JSON object once the broker is ready, serves kcat, and exits 0 on SIGTERM', async () => {
    const up = run(['--output', 'json', 'local', 'up', '--data-dir', dataDir, '--kafka-port', '0']);
    const lines = createInterface({ input: up.child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      void up.exit.then((code) => reject(new Error(`exited with ${code}: ${up.stderr()}`)));
    });
    const description = JSON.parse(first) as { regionId: string; kafka: { bootstrapServers: string }; dataDir: string };
    expect(description.regionId).toBe('cn-hangzhou');
    expect(description.dataDir).toBe(dataDir);
    expect(description.kafka.bootstrapServers).toMatch(/^127\.0\.0\.1:\d+$/);
    const listed = await kcat(['-b', description.kafka.bootstrapServers, '-L']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.toString()).toContain('1 brokers');
    const rest: string[] = [];
    lines.on('line', (l) => rest.push(l));
    up.child.kill('SIGTERM');
    expect(await up.exit).toBe(0);
    expect(rest).toEqual([]);
  });

  it('rejects a bad port and an empty host with exit 2, naming each flag and value', async () => {
    const bad = run(['local', 'up', '--data-dir', dataDir, '--kafka-port', '70000', '--host', '']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toContain('--kafka-port must be an integer from 0 to 65535, got "70000"');
    expect(bad.stderr()).toContain('--host must be an address to listen on, got ""');
  });
});
