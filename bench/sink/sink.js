// Sink throughput: 1 000 000 records of 1 KiB from the embedded broker to the embedded OSS server through
// `kafka-oss sink run`, side by side with `kcat -C -e` reading the same topic to /dev/null.
// Figures: records/s, MB/s, peak RSS and CPU seconds of each, for BENCH_SINK_ROUNDS rounds (default 3), and the
// medians. Goal: at least half of kcat's rate, sink peak RSS < 256 MB.
//
//   node bench/sink/sink.js                 (after `npm run build`)
//   BENCH_SINK_RECORDS=200000 BENCH_SINK_ROUNDS=1 node bench/sink/sink.js
//   KAFKA_OSS_BENCH_BOOTSTRAP_SERVERS=h:p KAFKA_OSS_BENCH_OSS_ENDPOINT=http://… node bench/sink/sink.js
//     (an existing broker and OSS endpoint instead of the embedded ones; the bucket must exist)
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/kafka-oss.js');
const RECORDS = Number(process.env.BENCH_SINK_RECORDS ?? 1_000_000);
const VALUE_BYTES = 1024;
const PARTITIONS = 6;
const ROUNDS = Number(process.env.BENCH_SINK_ROUNDS ?? 3);
const TOPIC = `bench-sink-${Date.now()}`;
const BUCKET = 'bench-sink';
const ACCESS_KEY = { id: 'LTAI-bench', secret: 'bench-secret' };

export async function run() {
  const cloud = await startCloud();
  try {
    await cloud.createTopic(TOPIC, PARTITIONS);
    const produceMs = await produce(cloud.bootstrapServers);
    console.log(`produced ${RECORDS} × ${VALUE_BYTES} B in ${(produceMs / 1000).toFixed(1)} s`);

    // The machine is shared and single runs swing widely (kcat alone from 1.7 to 6 s here), so each side runs
    // several times, alternating, and the medians are compared. Each sink run is a fresh group and prefix.
    const kcatRuns = [];
    const sinkRuns = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const kcatRun = await measure('kcat', ['-C', '-b', cloud.bootstrapServers, '-t', TOPIC, '-o', 'beginning', '-e', '-q'], {});
      console.log(`kcat -C -e:  ${line(kcatRun)}`);
      kcatRuns.push(kcatRun);
      const sinkRun = await runSink(cloud, round);
      console.log(`sink run:    ${line(sinkRun)}`);
      sinkRuns.push(sinkRun);
    }
    const kcat = median(kcatRuns);
    const sink = median(sinkRuns);

    const figures = {
      records: RECORDS,
      valueBytes: VALUE_BYTES,
      partitions: PARTITIONS,
      kcatRecordsPerSecond: kcat.recordsPerSecond,
      kcatMBPerSecond: kcat.mbPerSecond,
      kcatPeakRssMB: kcat.peakRssMB,
      kcatRecordsPerSecondRuns: kcatRuns.map((r) => r.recordsPerSecond),
      sinkRecordsPerSecondRuns: sinkRuns.map((r) => r.recordsPerSecond),
      sinkRecordsPerSecond: sink.recordsPerSecond,
      sinkMBPerSecond: sink.mbPerSecond,
      sinkPeakRssMB: Math.max(...sinkRuns.map((r) => r.peakRssMB)),
      sinkSeconds: sink.seconds,
      sinkCpuSeconds: sink.cpuSeconds,
      brokerCpuSecondsDuringSink: sink.brokerCpuSeconds,
      ossCpuSecondsDuringSink: sink.ossCpuSeconds,
      brokerCpuSecondsDuringKcat: kcat.brokerCpuSeconds,
      sinkToKcatRatio: +(sink.recordsPerSecond / kcat.recordsPerSecond).toFixed(2),
      goal: 'sinkToKcatRatio ≥ 0.5 and sinkPeakRssMB < 256',
    };
    console.log(`medians of ${ROUNDS}: sink/kcat rate ${figures.sinkToKcatRatio}× (goal ≥ 0.5), sink peak RSS ${figures.sinkPeakRssMB} MB over all runs (goal < 256)`);
    return figures;
  } finally {
    await cloud.close();
  }
}

/** `kafka-oss sink run` over the whole topic with a group and prefix of its own. */
async function runSink(cloud, round) {
  // BENCH_SINK_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the sink
  const nodeArgs = (process.env.BENCH_SINK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const sink = await measure(process.execPath, [
    ...nodeArgs, bin, '--output', 'json', 'sink', 'run', 'bench', '--topic', TOPIC, '--group', `connect-${TOPIC}-${round}`,
    '--bootstrap-servers', cloud.bootstrapServers, '--bucket', BUCKET, '--oss-endpoint', cloud.ossEndpoint, '--region', 'cn-hangzhou', '--prefix', `round-${round}/`,
    '--access-key-id', ACCESS_KEY.id, '--offset-reset', 'earliest', '--flush-interval-ms', '1000', '--until-caught-up',
  ], { KAFKA_OSS_ACCESS_KEY_SECRET: ACCESS_KEY.secret });
  if (sink.code !== 0) throw new Error(`sink run exited with ${sink.code}: ${sink.stderr.slice(-500)}`);
  return sink;
}

/** The run with the median rate (the lower middle one for an even count). */
function median(runs) {
  const sorted = [...runs].sort((a, b) => a.recordsPerSecond - b.recordsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function line(m) {
  return `${m.seconds.toFixed(1)} s, ${m.recordsPerSecond} records/s, ${m.mbPerSecond} MB/s, peak RSS ${m.peakRssMB} MB, ` +
    `CPU ${m.cpuSeconds} s (broker ${m.brokerCpuSeconds} s, OSS server ${m.ossCpuSeconds} s)`;
}

/** User + system CPU seconds of a running process, from /proc/<pid>/stat (clock ticks of 1/100 s). */
async function cpuSecondsOf(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

let ossPid;
/** CPU seconds used so far by the embedded broker (this process) and the OSS server process. */
async function cloudCpu() {
  const usage = process.cpuUsage();
  const oss = ossPid ? await cpuSecondsOf(ossPid).catch(() => 0) : 0;
  return { broker: (usage.user + usage.system) / 1e6, oss };
}

/** The embedded broker and OSS server from dist/, or the endpoints given in the environment. */
async function startCloud() {
  const external = process.env.KAFKA_OSS_BENCH_BOOTSTRAP_SERVERS;
  if (external) {
    return {
      bootstrapServers: external,
      ossEndpoint: process.env.KAFKA_OSS_BENCH_OSS_ENDPOINT ?? '',
      createTopic: async (name, partitions) => {
        const { Kafka, logLevel } = await import('kafkajs');
        const admin = new Kafka({ brokers: external.split(','), logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        // a cluster that cannot create topics (librdkafka's mock) creates them on first use instead
        await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }] }).catch((err) => console.log(`createTopics: ${err.message}`));
        await admin.disconnect();
      },
      close: async () => undefined,
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-sink-'));
  const { startKafkaBroker } = await import(pathToFileURL(join(root, 'dist/emulator/kafka/index.js')).href);
  const broker = await startKafkaBroker({ dataDir: join(dataDir, 'kafka'), port: 0 });
  // The OSS server gets its own process, as in the local cloud's real use: one Node thread serving both the
  // broker's fetches and the OSS PUTs would measure that thread, not the sink.
  const oss = await startOssProcess(join(dataDir, 'oss'));
  return {
    bootstrapServers: broker.bootstrapServers,
    ossEndpoint: oss.endpoint,
    createTopic: (name, partitions) => broker.admin.createTopic(name, { partitions }),
    close: async () => {
      await Promise.allSettled([broker.close(), oss.close()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function startOssProcess(dataDir) {
  const script = `
    const { startOssServer } = await import(${JSON.stringify(pathToFileURL(join(root, 'dist/emulator/oss/index.js')).href)});
    const server = await startOssServer({ dataDir: ${JSON.stringify(dataDir)}, port: 0, accessKeys: [${JSON.stringify(ACCESS_KEY)}] });
    await server.createBucket(${JSON.stringify(BUCKET)});
    process.stdout.write(server.endpoint + '\\n');
    process.on('SIGTERM', () => server.close().then(() => process.exit(0)));`;
  const ossArgs = (process.env.BENCH_OSS_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...ossArgs, '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  ossPid = child.pid;
  const endpoint = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the OSS server process exited with ${code}`)));
  });
  return {
    endpoint,
    close: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}

/** kcat -P with 1 KiB values, streamed (never the whole 1 GB in memory), spread over the partitions. */
async function produce(bootstrapServers) {
  const start = Date.now();
  const child = spawn('kcat', ['-P', '-b', bootstrapServers, '-t', TOPIC, '-X', 'linger.ms=50', '-X', 'batch.num.messages=10000'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat -P exited with ${code}`)))));
  const filler = 'x'.repeat(VALUE_BYTES - 12);
  const CHUNK = 100; // ~100 KB strings stay in the young generation of this process, which also hosts the broker
  for (let i = 0; i < RECORDS; i += CHUNK) {
    let text = '';
    for (let j = i; j < Math.min(RECORDS, i + CHUNK); j += 1) text += `${String(j).padStart(12, '0')}${filler}\n`;
    if (!child.stdin.write(text)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  }
  child.stdin.end();
  await exited;
  return Date.now() - start;
}

/** Runs a consumer to completion; wall time, rate and peak RSS (VmHWM sampled from /proc until it exits). */
async function measure(command, args, env) {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', command === 'kcat' ? 'ignore' : 'pipe', 'pipe'] });
  let peakKB = 0;
  let cpuSeconds = 0;
  const cloudCpuBefore = await cloudCpu();
  const sample = async () => {
    try {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+)/.exec(status);
      if (hwm) peakKB = Math.max(peakKB, Number(hwm[1]));
      cpuSeconds = Math.max(cpuSeconds, await cpuSecondsOf(child.pid));
    } catch {
      // the process is gone
    }
  };
  const sampler = setInterval(() => void sample(), 100);
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
    if (process.env.BENCH_SINK_TRACE) process.stdout.write(`+${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(2)} s stderr: ${chunk}`);
  });
  let records = RECORDS;
  if (child.stdout) {
    for await (const text of createInterface({ input: child.stdout })) {
      // BENCH_SINK_TRACE=1 shows the sink's progress lines with the time since it was started
      if (process.env.BENCH_SINK_TRACE) console.log(`+${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(2)} s ${text.slice(0, 160)}`);
      const event = JSON.parse(text);
      if (event.event === 'stopped') records = event.records;
    }
  }
  const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c))));
  clearInterval(sampler);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cloudCpuAfter = await cloudCpu();
  return {
    code,
    stderr,
    seconds: +seconds.toFixed(2),
    cpuSeconds: +cpuSeconds.toFixed(1),
    brokerCpuSeconds: +(cloudCpuAfter.broker - cloudCpuBefore.broker).toFixed(1),
    ossCpuSeconds: +(cloudCpuAfter.oss - cloudCpuBefore.oss).toFixed(1),
    recordsPerSecond: Math.round(records / seconds),
    mbPerSecond: +((records * VALUE_BYTES) / seconds / 1e6).toFixed(1),
    peakRssMB: +(peakKB / 1024).toFixed(1),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await run(), null, 2));
