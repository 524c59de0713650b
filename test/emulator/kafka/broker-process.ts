import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { KafkaBrokerOptions } from '../../../src/emulator/kafka/index.js';

export interface BrokerStats {
  connections: number;
  queuedRequestBytes: number;
  unsentResponseBytes: number;
  rss: number;
  /** Bytes of Buffers alive after a full GC. */
  arrayBuffers: number;
  fds: number;
}

export interface BrokerProcess {
  bootstrapServers: string;
  port: number;
  pid: number;
  dataDir: string;
  logs: string[];
  stats(): Promise<BrokerStats>;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./broker-process-main.ts', import.meta.url));

/**
 * The broker in its own node process, built from the sources with esbuild (so never a stale dist/), optionally
 * under `ulimit -n`. The data directory is fresh and removed by stop().
 */
export async function startBrokerProcess(options: Omit<KafkaBrokerOptions, 'dataDir' | 'log' | 'logFiles'> = {}, limits: { openFiles?: number } = {}): Promise<BrokerProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'kafka-broker-process-'));
  const bundle = join(dir, 'broker.mjs');
  await build({ entryPoints: [MAIN], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent' });
  const dataDir = join(dir, 'data');
  const args = JSON.stringify({ port: 0, ...options, dataDir });
  const ulimit = limits.openFiles ? `ulimit -n ${limits.openFiles} && ` : '';
  const child = spawn('sh', ['-c', `${ulimit}exec "${process.execPath}" --expose-gc "${bundle}" '${args}'`], { stdio: ['pipe', 'pipe', 'pipe'] });
  const logs: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));
  const lines = createInterface({ input: child.stdout! });
  const bootstrapServers = (await nextLine(lines, child)).replace(/^bootstrap /, '');
  return {
    bootstrapServers,
    port: Number(bootstrapServers.split(':').at(-1)),
    pid: child.pid!,
    dataDir,
    logs,
    async stats() {
      const answer = nextLine(lines, child);
      child.stdin!.write('stats\n');
      return JSON.parse(await answer) as BrokerStats;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.stdin!.end();
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function nextLine(lines: Interface, child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`broker process exited with ${code}`));
    child.once('exit', onExit);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      resolve(line);
    });
  });
}
