// The embedded broker (in this process) and OSS server (a child process, as in `local up`) the sink bench
// runs against, or an existing broker and OSS endpoint from the environment.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { cpuSecondsOf } from './child.js';

export const BUCKET = 'bench-sink';
export const ACCESS_KEY = { id: 'LTAI-bench', secret: 'bench-secret' };

/** { bootstrapServers, ossEndpoint, createTopic(name, partitions), cpu(), close() }; cpu() = CPU seconds of broker and OSS server so far. */
export async function startCloud(root) {
  const external = process.env.KAFKA_OSS_BENCH_BOOTSTRAP_SERVERS;
  if (external) return externalCloud(external);
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-sink-'));
  const { startKafkaBroker } = await import(pathToFileURL(join(root, 'dist/emulator/kafka/index.js')).href);
  const broker = await startKafkaBroker({ dataDir: join(dataDir, 'kafka'), port: 0 });
  // The OSS server gets its own process, as in the local cloud's real use: one Node thread serving both the
  // broker's fetches and the OSS PUTs would measure that thread, not the sink.
  const oss = await startOssProcess(root, join(dataDir, 'oss'));
  return {
    bootstrapServers: broker.bootstrapServers,
    ossEndpoint: oss.endpoint,
    createTopic: (name, partitions) => broker.admin.createTopic(name, { partitions }),
    cpu: async () => {
      const usage = process.cpuUsage();
      return { broker: (usage.user + usage.system) / 1e6, oss: await cpuSecondsOf(oss.pid).catch(() => 0) };
    },
    close: async () => {
      await Promise.allSettled([broker.close(), oss.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function externalCloud(bootstrapServers) {
  return {
    bootstrapServers,
    ossEndpoint: process.env.KAFKA_OSS_BENCH_OSS_ENDPOINT ?? '',
    createTopic: async (name, partitions) => {
      const { Kafka, logLevel } = await import('kafkajs');
      const admin = new Kafka({ brokers: bootstrapServers.split(','), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      // a cluster that cannot create topics (librdkafka's mock) creates them on first use instead
      await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }] }).catch((err) => console.log(`createTopics: ${err.message}`));
      await admin.disconnect();
    },
    cpu: async () => ({ broker: 0, oss: 0 }),
    close: async () => undefined,
  };
}

async function startOssProcess(root, dataDir) {
  const script = `
    const { startOssServer } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/emulator/oss/index.js')).href)});
    const server = await startOssServer({ dataDir: ${JSON.stringify(dataDir)}, port: 0, accessKeys: [${JSON.stringify(ACCESS_KEY)}] });
    await server.createBucket(${JSON.stringify(BUCKET)});
    process.stdout.write(server.endpoint + '\\n');
    process.on('SIGTERM', () => server.close().then(() => process.exit(0)));`;
  // BENCH_OSS_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the OSS server
  const ossArgs = (process.env.BENCH_OSS_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...ossArgs, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the OSS server process exited with ${code}`)));
  });
  return {
    endpoint,
    pid: child.pid,
    close: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}
