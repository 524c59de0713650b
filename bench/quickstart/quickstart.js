// quickstart's wall time, as a newcomer sees it: `kafka-oss quickstart` end to end (local cloud, create, deploy,
// a test message, the exported file), BENCH_QUICKSTART_ROUNDS rounds (default 3), the median against the goal of
// issue #15 (≤ 10 s), with alikafka's documented flow control enforced by the local cloud.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/kafka-oss.js', import.meta.url));
const ROUNDS = Number(process.env.BENCH_QUICKSTART_ROUNDS ?? 3);
const GOAL_MS = 10_000;

function once(cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'quickstart', '--output', 'json'], { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    child.on('close', (code) => (code === 0 ? resolve(Math.round(performance.now() - started)) : reject(new Error(`quickstart exited ${code}: ${stderr}`))));
  });
}

export async function run() {
  const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-bench-quickstart-'));
  try {
    const runs = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      runs.push(await once(cwd));
      console.log(`quickstart  ${(runs.at(-1) / 1000).toFixed(1)} s`);
    }
    const median = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    console.log(`goal: quickstart ≤ ${GOAL_MS / 1000} s wall: ${(median / 1000).toFixed(1)} s → ${(median / GOAL_MS).toFixed(2)}× ${median <= GOAL_MS ? 'PASS' : 'FAIL'} (runs ${runs.map((r) => (r / 1000).toFixed(1)).join('/')})`);
    return { runsMs: runs, medianMs: median };
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
