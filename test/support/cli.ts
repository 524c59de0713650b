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

/** What `local up --output json` prints once ready. */
export interface LocalUpDescription {
  regionId: string;
  dataDir: string;
  accessKeyId: string;
  accessKeySecret: string;
  kafka: { bootstrapServers: string };
  oss: { endpoint: string };
  api: { endpoint: string };
}

/**
 * `kafka-oss --output json local up` on free ports: resolves once it printed its description; `stop()` sends
 * SIGTERM and resolves with the exit code. Profiles go to `env.KAFKA_OSS_HOME`, never the user's.
 */
export async function startLocalUp(args: string[], env: Record<string, string> & { KAFKA_OSS_HOME: string }) {
  const up = spawnCli(['--output', 'json', 'local', 'up', '--kafka-port', '0', '--oss-port', '0', '--api-port', '0', ...args], { env });
  const description = await new Promise<LocalUpDescription>((resolve, reject) => {
    up.child.stdout!.on('data', () => {
      const line = up.stdout().split('\n')[0];
      if (up.stdout().includes('\n') && line) resolve(JSON.parse(line) as LocalUpDescription);
    });
    void up.exit.then(({ code }) => reject(new Error(`local up exited with ${code}: ${up.stderr()}`)));
  });
  return {
    description,
    process: up,
    stop: async () => {
      up.child.kill('SIGTERM');
      return (await up.exit).code;
    },
  };
}
