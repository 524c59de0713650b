import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startKafkaBroker } from '../../src/emulator/kafka/index.js';

export interface TestKafka {
  bootstrapServers: string;
  /** Creates the topic; the mock cluster ignores `partitions` and creates 4 on first use. */
  createTopic(name: string, partitions?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded broker on a free port and a fresh data directory. KAFKA_OSS_TEST_KAFKA=mock runs the
 * same tests against librdkafka's mock cluster instead, as an independent oracle.
 */
export async function startTestKafka(): Promise<TestKafka> {
  if (process.env.KAFKA_OSS_TEST_KAFKA === 'mock') return startMockKafka();
  const broker = await startKafkaBroker({ dataDir: await mkdtemp(join(tmpdir(), 'test-kafka-')), port: 0 });
  return {
    bootstrapServers: broker.bootstrapServers,
    createTopic: (name, partitions = 4) => broker.admin.createTopic(name, { partitions }),
    close: () => broker.close(),
  };
}

/** librdkafka's mock cluster, hosted by a kcat process that stays alive until close(). */
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
    // a metadata request for the topic makes the mock cluster create it
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

/** `kcat -P -b … -t topic -p partition [-K :] [-H name=value]…` with one `key:value` (or plain value) per line. */
export async function produceWithKcat(bootstrapServers: string, topic: string, partition: number, lines: string[], keyed = false, headers: string[] = []): Promise<void> {
  const args = ['-P', '-b', bootstrapServers, '-t', topic, '-p', String(partition)];
  if (keyed) args.push('-K', ':');
  for (const header of headers) args.push('-H', header);
  await kcat(args, lines.map((line) => `${line}\n`).join(''));
}

async function consumeLines(bootstrapServers: string, topic: string, partition: number, format: string): Promise<string[]> {
  const out = await kcat(['-C', '-b', bootstrapServers, '-t', topic, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-f', format]);
  return out.toString('utf8').split('\n').filter((line) => line.length > 0);
}

/** Every message of a partition as `key\tvalue` lines, read with `kcat -C -e`. */
export const consumeWithKcat = (bootstrapServers: string, topic: string, partition: number) => consumeLines(bootstrapServers, topic, partition, '%k\t%s\n');

/** Every message of a partition as `offset\tkey\tvalue` lines, read with `kcat -C -e`. */
export const readPartition = (bootstrapServers: string, topic: string, partition: number) => consumeLines(bootstrapServers, topic, partition, '%o\t%k\t%s\n');
