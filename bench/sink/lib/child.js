// Runs one consumer to completion and measures it: wall seconds, CPU seconds (user + system) and peak RSS,
// exact from GNU time's rusage when /usr/bin/time exists, else sampled from /proc every 100 ms.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';

const GNU_TIME = '/usr/bin/time';

/** User + system CPU seconds of a running process, from /proc/<pid>/stat (clock ticks of 1/100 s). */
export async function cpuSecondsOf(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * `command args` with `env` added; `stdout`: 'ignore', 'lines' (each line to onLine) or a file descriptor.
 * Resolves with { code, stderr, seconds, cpuSeconds, peakRssMB }.
 */
export async function runMeasured(command, args, { env = {}, stdout = 'ignore', onLine, onStderr, timeFile } = {}) {
  const exact = existsSync(GNU_TIME) && timeFile;
  const [file, argv] = exact ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args]] : [command, args];
  const start = process.hrtime.bigint();
  const child = spawn(file, argv, { env: { ...process.env, ...env }, stdio: ['ignore', stdout === 'lines' ? 'pipe' : stdout, 'pipe'] });
  const sampled = exact ? undefined : sampleProc(child.pid);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    onStderr?.(chunk.toString(), elapsed(start));
  });
  if (stdout === 'lines') for await (const text of createInterface({ input: child.stdout })) onLine?.(text, elapsed(start));
  const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c))));
  const seconds = elapsed(start);
  const usage = exact ? await readGnuTime(timeFile) : sampled.stop();
  return { code, stderr, seconds, ...usage };
}

function elapsed(start) {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function readGnuTime(path) {
  const text = (await readFile(path, 'utf8')).trim().split('\n').pop() ?? '';
  await rm(path, { force: true });
  const [user, system, maxRssKB] = text.split(' ').map(Number);
  return { cpuSeconds: user + system, peakRssMB: maxRssKB / 1024 };
}

/** The fallback: peak VmHWM and the last CPU reading before the process went away (misses its last ~100 ms). */
function sampleProc(pid) {
  let peakKB = 0;
  let cpuSeconds = 0;
  const sample = async () => {
    try {
      const hwm = /VmHWM:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peakKB = Math.max(peakKB, Number(hwm[1]));
      cpuSeconds = Math.max(cpuSeconds, await cpuSecondsOf(pid));
    } catch {
      // the process is gone
    }
  };
  const timer = setInterval(() => void sample(), 100);
  return {
    stop: () => {
      clearInterval(timer);
      return { cpuSeconds, peakRssMB: peakKB / 1024 };
    },
  };
}
