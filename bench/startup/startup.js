// Start-up time of `kafka-oss --help` and `kafka-oss create --help` against `node -e 0`.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/kafka-oss.js', import.meta.url));
const RUNS = 25;

function timeOnceMs(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (times) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

export async function run() {
  const commands = { baseline: ['-e', '0'], help: [bin, '--help'], createHelp: [bin, 'create', '--help'] };
  for (const args of Object.values(commands)) timeOnceMs(args); // warm the file cache
  // Round-robin, so that a change in the machine's load hits the three commands alike.
  const times = { baseline: [], help: [], createHelp: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const [key, args] of Object.entries(commands)) times[key].push(timeOnceMs(args));
  }
  const baseline = median(times.baseline);
  const help = median(times.help);
  const createHelp = median(times.createHelp);
  const figures = {
    runs: RUNS,
    nodeMs: +baseline.toFixed(1),
    helpMs: +help.toFixed(1),
    createHelpMs: +createHelp.toFixed(1),
    helpRatio: +(help / baseline).toFixed(2),
    createHelpRatio: +(createHelp / baseline).toFixed(2),
    goalRatio: 1.5,
    // Wall times on a shared machine: the load says how much of the ratio is contention.
    loadAverage1m: +(loadavg()[0] ?? 0).toFixed(2),
  };
  console.log(`node -e 0          ${figures.nodeMs} ms (median of ${RUNS})`);
  console.log(`kafka-oss --help   ${figures.helpMs} ms  ratio ${figures.helpRatio}×`);
  console.log(`create --help      ${figures.createHelpMs} ms  ratio ${figures.createHelpRatio}×  (goal ≤ 1.5×)`);
  console.log(`load average       ${figures.loadAverage1m} (1 min)`);
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
