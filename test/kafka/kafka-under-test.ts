import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestKafka {
  bootstrapServers: string;
  /** The mock cluster creates topics with 4 partitions on first use; the embedded broker creates them as asked. */
  createTopic(name: string, partitions: number): Promise<void>;
  close(): Promise<void>;
}

interface EmbeddedBroker {
  bootstrapServers: string;
  admin: { createTopic(name: string, opts: { partitions: number }): Promise<void> };
  close(): Promise<void>;
}

const BROKER_MODULE = 'src/emulator/kafka/index.ts';

/** The project's embedded broker once it is committed, else librdkafka's mock cluster hosted by kcat. */
export async function startTestKafka(): Promise<TestKafka & { embedded: boolean }> {
  if (isCommitted(BROKER_MODULE)) {
    const { startKafkaBroker } = (await import(new URL(`../../${BROKER_MODULE}`, import.meta.url).href)) as {
      startKafkaBroker(opts: { dataDir: string; port: number }): Promise<EmbeddedBroker>;
    };
    const broker = await startKafkaBroker({ dataDir: await mkdtemp(join(tmpdir(), 'sink-kafka-')), port: 0 });
    return {
      embedded: true,
      bootstrapServers: broker.bootstrapServers,
      createTopic: (name, partitions) => broker.admin.createTopic(name, { partitions }),
      close: () => broker.close(),
    };
  }
  return { embedded: false, ...(await startMockKafka()) };
}

export function isCommitted(path: string): boolean {
  const root = new URL('../../', import.meta.url).pathname;
  try {
    return execFileSync('git', ['ls-files', path], { cwd: root, encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

async function startMockKafka(): Promise<TestKafka> {
  const child = spawn('kcat', ['-b', '127.0.0.1:1', '-X', 'test.mock.num.brokers=1', '-X', 'debug=mock', '-C', '-t', 'mock-keepalive', '-o', 'end', '-q'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const bootstrapServers = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      const match = /bootstrap\.servers=(\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`kcat mock cluster exited with code ${code}`)));
  });
  return {
    bootstrapServers,
    // a metadata request for the topic makes the mock cluster create it (with its default 4 partitions)
    createTopic: async (name) => void (await kcat(['-L', '-b', bootstrapServers, '-t', name])),
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Runs kcat with `input` on stdin; resolves with stdout, rejects with stderr on a non-zero exit. */
export function kcat(args: string[], input?: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.stdin.on('error', () => undefined); // kcat may exit before reading all input; its exit code says why
    child.once('exit', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`kcat ${args.join(' ')} exited with ${code}: ${stderr}`))));
    child.stdin.end(input ?? '');
  });
}

/** Every message of a partition as `key\tvalue` lines, read with `kcat -C -e`. */
export async function readPartition(bootstrapServers: string, topic: string, partition: number): Promise<string[]> {
  const out = await kcat(['-C', '-b', bootstrapServers, '-t', topic, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-f', '%o\t%k\t%s\n']);
  return out.toString('utf8').split('\n').filter((line) => line.length > 0);
}
