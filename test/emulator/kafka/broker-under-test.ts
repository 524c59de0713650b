import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKafkaBroker, type KafkaBroker, type KafkaBrokerOptions } from '../../../src/emulator/kafka/index.js';

export const KCAT = '/usr/bin/kcat';

export interface BrokerUnderTest {
  broker: KafkaBroker;
  dataDir: string;
  logs: string[];
  /** Closes the broker and starts a new one on the same port and data directory. */
  restart(): Promise<KafkaBroker>;
  close(): Promise<void>;
}

export async function startBrokerUnderTest(opts: Omit<KafkaBrokerOptions, 'dataDir' | 'port' | 'log'> = {}): Promise<BrokerUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-broker-test-'));
  const logs: string[] = [];
  const log = (line: string) => logs.push(line);
  const start = (port: number) => startKafkaBroker({ dataDir, port, log, ...opts });
  const under: BrokerUnderTest = {
    broker: await start(0),
    dataDir,
    logs,
    async restart() {
      const port = under.broker.port;
      await under.broker.close();
      under.broker = await start(port);
      return under.broker;
    },
    async close() {
      await under.broker.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return under;
}

export interface KcatResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs kcat to completion, feeding `input` on stdin. */
export function kcat(args: string[], input?: Buffer | string, timeoutMs = 60_000): Promise<KcatResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KCAT, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => undefined);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr });
    });
    child.stdin.end(input ?? '');
  });
}

/** Polls `check` until it returns a value other than undefined. */
export async function eventually<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
