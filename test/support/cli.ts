import { execFile, spawn, type ChildProcess } from 'node:child_process';

/** The built CLI (`npm run build` first): what users run. */
export const KAFKA_OSS_BIN = new URL('../../bin/kafka-oss.js', import.meta.url).pathname;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Added to the current environment; a value of undefined removes the variable. */
  env?: Record<string, string | undefined>;
  stdin?: string;
  timeoutMs?: number;
}

function environment(env: CliOptions['env'] = {}): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

/** Runs `kafka-oss <args>` to the end; never rejects (the exit code is part of the result). */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [KAFKA_OSS_BIN, ...args],
      { ...(opts.cwd ? { cwd: opts.cwd } : {}), env: environment(opts.env), timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(opts.stdin ?? '');
  });
}

export interface CliProcess {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout(): string;
  stderr(): string;
}

/** Starts a long-running `kafka-oss <args>` (sink run, local up) with its output collected. */
export function spawnCli(args: string[], opts: Omit<CliOptions, 'stdin' | 'timeoutMs'> = {}): CliProcess {
  const child = spawn(process.execPath, [KAFKA_OSS_BIN, ...args], {
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    env: environment(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, exit, stdout: () => stdout, stderr: () => stderr };
}
