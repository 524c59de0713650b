import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface TestKafka {
  bootstrapServers: string;
  /** Makes sure the topic exists with 4 partitions (the mock cluster creates topics so on first use). */
  createTopic(name: string): Promise<void>;
  close(): Promise<void>;
}

interface EmbeddedBroker {
  bootstrapServers: string;
  admin: { createTopic(name: string, opts: { partitions: number }): Promise<void> };
  close(): Promise<void>;
}

const BROKER_MODULE = 'src/emulator/kafka/index.ts';

/**
 * The project's embedded broker once it is committed, else librdkafka's mock cluster (set
 * FC_RUNTIME_TEST_KAFKA=mock to force the mock).
 */
export async function startTestKafka(): Promise<TestKafka> {
  if (process.env.FC_RUNTIME_TEST_KAFKA !== 'mock' && brokerIsCommitted()) {
    const modulePath = new URL(`../../../${BROKER_MODULE}`, import.meta.url).href;
    const { startKafkaBroker } = (await import(modulePath)) as {
      startKafkaBroker(opts: { dataDir: string; port: number }): Promise<EmbeddedBroker>;
    };
    const broker = await startKafkaBroker({ dataDir: await mkdtemp(join(tmpdir(), 'fc-kafka-')), port: 0 });
    return {
      bootstrapServers: broker.bootstrapServers,
      createTopic: (name) => broker.admin.createTopic(name, { partitions: 4 }),
      close: () => broker.close(),
    };
  }
  return startMockKafka();
}

function brokerIsCommitted(): boolean {
  const root = new URL('../../../', import.meta.url).pathname;
  try {
    return execFileSync('git', ['ls-files', BROKER_MODULE], { cwd: root, encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/**
 * librdkafka's mock cluster, hosted by a kcat process that stays alive: a real Kafka wire-protocol server on
 * loopback that kcat and kafkajs both talk to. Topics are created with 4 partitions on first use.
 */
export async function startMockKafka(): Promise<TestKafka> {
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
    createTopic: (name) => produceWithKcat(bootstrapServers, name, 0, []),
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

/** `kcat -P -b … -t topic -p partition [-K :] [-H name=value]…` with one `key:value` (or plain value) per line. */
export function produceWithKcat(
  bootstrapServers: string,
  topic: string,
  partition: number,
  lines: string[],
  keyed = false,
  headers: string[] = [],
): Promise<void> {
  const args = ['-P', '-b', bootstrapServers, '-t', topic, '-p', String(partition)];
  if (keyed) args.push('-K', ':');
  for (const header of headers) args.push('-H', header);
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat -P exited with ${code}: ${stderr}`))));
    child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  });
}

/** Every message of a topic partition, read with `kcat -C -e` as `key\tvalue` lines. */
export function consumeWithKcat(bootstrapServers: string, topic: string, partition: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', ['-C', '-b', bootstrapServers, '-t', topic, '-p', String(partition), '-o', 'beginning', '-e', '-q', '-f', '%k\t%s\n'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve(stdout.split('\n').filter((line) => line.length > 0)) : reject(new Error(`kcat -C exited with ${code}: ${stderr}`)),
    );
  });
}
