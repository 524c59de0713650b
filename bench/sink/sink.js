// The sink's cost per record against librdkafka's (issue #15): `kafka-oss sink run` from the embedded broker to
// the embedded OSS server, side by side with `kcat -C -J -e` writing a JSON envelope per record to a file, on
// the same topic in the same run — 1 000 000 records over 6 partitions, at 1 KiB printable values and at 1 KiB
// JSON-text values. Three alternating rounds, medians. The machine is shared (2 cores, other work running), so
// the ratios use CPU seconds of each process (user + system, from rusage), not wall time.
// Goals: sink CPU-s per million ≤ 1.2× kcat -J's; sink peak RSS ≤ 128 MB; start-up ≤ 0.4 CPU-s to the first
// fetch (measured by bench/sink/lib/first-fetch-probe.cjs inside the sink). One line per goal, PASS/FAIL.
//
//   node bench/sink/sink.js                 (after `npm run build`)
//   BENCH_SINK_RECORDS=200000 BENCH_SINK_ROUNDS=1 BENCH_SINK_VALUES=json-text node bench/sink/sink.js
//   BENCH_SINK_TRACE=1 shows the sink's output; BENCH_SINK_NODE_ARGS / BENCH_OSS_NODE_ARGS pass flags such as
//   "--cpu-prof --cpu-prof-dir=/tmp/prof" to the sink or the OSS server.
//   KAFKA_OSS_BENCH_BOOTSTRAP_SERVERS=h:p KAFKA_OSS_BENCH_OSS_ENDPOINT=http://… node bench/sink/sink.js
//     (an existing broker and OSS endpoint instead of the embedded ones; the bucket must exist)
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runMeasured } from './lib/child.js';
import { ACCESS_KEY, BUCKET, startCloud } from './lib/cloud.js';
import { VALUE_BYTES, VALUE_KINDS } from './lib/values.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/kafka-oss.js');
const probe = join(root, 'bench/sink/lib/first-fetch-probe.cjs');
const RECORDS = Number(process.env.BENCH_SINK_RECORDS ?? 1_000_000);
const PARTITIONS = 6;
const ROUNDS = Number(process.env.BENCH_SINK_ROUNDS ?? 3);
const KINDS = VALUE_KINDS.filter((k) => !process.env.BENCH_SINK_VALUES || process.env.BENCH_SINK_VALUES.split(',').includes(k.name));
const GOALS = { cpuRatio: 1.2, peakRssMB: 128, startupCpuSeconds: 0.4 };
const RUN_ID = Date.now();

export async function run() {
  const cloud = await startCloud(root);
  const scratch = await mkdtemp(join(tmpdir(), 'bench-sink-out-'));
  try {
    const figures = { records: RECORDS, valueBytes: VALUE_BYTES, partitions: PARTITIONS, rounds: ROUNDS, values: {} };
    for (const kind of KINDS) figures.values[kind.name] = await compare(cloud, scratch, kind);
    figures.startup = await startup(cloud, scratch);
    figures.goals = goalLines(figures);
    console.log('');
    for (const goal of figures.goals) console.log(goal.line);
    return figures;
  } finally {
    await cloud.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

/** One value kind: a topic of RECORDS values, then ROUNDS alternating runs of kcat -J and the sink. */
async function compare(cloud, scratch, kind) {
  const topic = `bench-sink-${kind.name}-${RUN_ID}`;
  await cloud.createTopic(topic, PARTITIONS);
  const produceSeconds = await produce(cloud.bootstrapServers, topic, kind.value);
  console.log(`\n${kind.label}: produced ${RECORDS} in ${produceSeconds.toFixed(1)} s`);
  const kcatRuns = [];
  const sinkRuns = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const kcat = await runKcatJson(cloud, scratch, topic);
    console.log(`  kcat -C -J -e > file  ${line(kcat)}`);
    kcatRuns.push(kcat);
    const sink = await runSink(cloud, scratch, topic, `${kind.name}-${round}`);
    console.log(`  sink run              ${line(sink)}`);
    sinkRuns.push(sink);
  }
  const kcat = summary(kcatRuns);
  const sink = summary(sinkRuns);
  return { kcat, sink, cpuRatio: round2(sink.cpuPerMillion / kcat.cpuPerMillion) };
}

/** kcat reading the whole topic and writing its JSON envelope (-J) per record to a file. */
async function runKcatJson(cloud, scratch, topic) {
  const outFile = join(scratch, 'kcat.json');
  const fd = openSync(outFile, 'w');
  try {
    const before = await cloud.cpu();
    const result = await runMeasured('kcat', ['-C', '-J', '-e', '-q', '-b', cloud.bootstrapServers, '-t', topic, '-o', 'beginning'], {
      stdout: fd, timeFile: join(scratch, 'time.txt'),
    });
    if (result.code !== 0) throw new Error(`kcat -C -J exited with ${result.code}: ${result.stderr.slice(-500)}`);
    return withCloud(result, before, await cloud.cpu(), RECORDS);
  } finally {
    closeSync(fd);
    await rm(outFile, { force: true });
  }
}

/** `kafka-oss sink run --until-caught-up` over the whole topic with a group and prefix of its own. */
async function runSink(cloud, scratch, topic, name) {
  const nodeArgs = (process.env.BENCH_SINK_NODE_ARGS ?? '').split(' ').filter(Boolean);
  let records = RECORDS;
  const before = await cloud.cpu();
  const result = await runMeasured(process.execPath, [...nodeArgs, bin, ...sinkArgs(cloud, topic, name)], {
    env: { KAFKA_OSS_ACCESS_KEY_SECRET: ACCESS_KEY.secret },
    stdout: 'lines',
    timeFile: join(scratch, 'time.txt'),
    onLine: (text, at) => {
      if (process.env.BENCH_SINK_TRACE) console.log(`+${at.toFixed(2)} s ${text.slice(0, 160)}`);
      const event = JSON.parse(text);
      if (event.event === 'stopped') records = event.records;
    },
    onStderr: (text, at) => process.env.BENCH_SINK_TRACE && process.stdout.write(`+${at.toFixed(2)} s stderr: ${text}`),
  });
  if (result.code !== 0) throw new Error(`sink run exited with ${result.code}: ${result.stderr.slice(-500)}`);
  if (records !== RECORDS) throw new Error(`sink run wrote ${records} records, expected ${RECORDS}`);
  return withCloud(result, before, await cloud.cpu(), records);
}

function sinkArgs(cloud, topic, name) {
  return [
    '--output', 'json', 'sink', 'run', 'bench', '--topic', topic, '--group', `connect-${name}-${RUN_ID}`,
    '--bootstrap-servers', cloud.bootstrapServers, '--bucket', BUCKET, '--oss-endpoint', cloud.ossEndpoint, '--region', 'cn-hangzhou',
    '--prefix', `${name}-${RUN_ID}/`, '--access-key-id', ACCESS_KEY.id, '--offset-reset', 'earliest', '--flush-interval-ms', '1000', '--until-caught-up',
  ];
}

/**
 * Start-up: the sink's CPU seconds when it sends its first Fetch request (from process start, Node's own
 * start included), on a small topic it then drains and stops. Median of ROUNDS fresh groups.
 */
async function startup(cloud, scratch) {
  const topic = `bench-sink-startup-${RUN_ID}`;
  await cloud.createTopic(topic, PARTITIONS);
  await produce(cloud.bootstrapServers, topic, (i) => `startup-${i}`, PARTITIONS * 10);
  const runs = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const probeFile = join(scratch, 'first-fetch.txt');
    const result = await runMeasured(process.execPath, ['--require', probe, bin, ...sinkArgs(cloud, topic, `startup-${round}`)], {
      env: { KAFKA_OSS_ACCESS_KEY_SECRET: ACCESS_KEY.secret, BENCH_FIRST_FETCH_FILE: probeFile },
      stdout: 'lines',
      timeFile: join(scratch, 'time.txt'),
    });
    if (result.code !== 0) throw new Error(`sink run (start-up) exited with ${result.code}: ${result.stderr.slice(-500)}`);
    const atFirstFetch = Number((await readFile(probeFile, 'utf8').catch(() => 'NaN')).trim());
    await rm(probeFile, { force: true });
    runs.push({ cpuSecondsToFirstFetch: round2(atFirstFetch), cpuSecondsInAll: round2(result.cpuSeconds) });
    console.log(`start-up: ${atFirstFetch.toFixed(2)} CPU-s to the first fetch, ${result.cpuSeconds.toFixed(2)} CPU-s in all (${PARTITIONS * 10} records)`);
  }
  const values = runs.map((r) => r.cpuSecondsToFirstFetch).sort((a, b) => a - b);
  return { runs, cpuSecondsToFirstFetch: values[Math.floor((values.length - 1) / 2)] };
}

function withCloud(result, before, after, records) {
  return {
    seconds: round2(result.seconds),
    cpuSeconds: round2(result.cpuSeconds),
    cpuPerMillion: round2((result.cpuSeconds * 1e6) / records),
    peakRssMB: Math.round(result.peakRssMB),
    brokerCpuSeconds: round2(after.broker - before.broker),
    ossCpuSeconds: round2(after.oss - before.oss),
    recordsPerSecond: Math.round(records / result.seconds),
  };
}

/** Medians of each figure over the runs, the spread of CPU per million, and the highest peak RSS. */
function summary(runs) {
  const median = (key) => {
    const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)];
  };
  const cpu = runs.map((r) => r.cpuPerMillion);
  return {
    cpuPerMillion: median('cpuPerMillion'),
    cpuPerMillionRuns: cpu,
    seconds: median('seconds'),
    recordsPerSecond: median('recordsPerSecond'),
    brokerCpuSeconds: median('brokerCpuSeconds'),
    ossCpuSeconds: median('ossCpuSeconds'),
    peakRssMB: Math.max(...runs.map((r) => r.peakRssMB)),
  };
}

function goalLines(figures) {
  const lines = [];
  const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
  for (const kind of KINDS) {
    const { kcat, sink, cpuRatio } = figures.values[kind.name];
    lines.push({
      goal: `cpu-${kind.name}`, pass: cpuRatio <= GOALS.cpuRatio,
      line: `goal: sink CPU per million ≤ ${GOALS.cpuRatio}× kcat -C -J -e, ${kind.label}: ${sink.cpuPerMillion} vs ${kcat.cpuPerMillion} CPU-s → ${cpuRatio}× (runs ${sink.cpuPerMillionRuns.join('/')} vs ${kcat.cpuPerMillionRuns.join('/')}) ${verdict(cpuRatio <= GOALS.cpuRatio)}`,
    });
  }
  const peak = Math.max(...KINDS.map((k) => figures.values[k.name].sink.peakRssMB));
  lines.push({ goal: 'peak-rss', pass: peak <= GOALS.peakRssMB, line: `goal: sink peak RSS ≤ ${GOALS.peakRssMB} MB: ${peak} MB → ${round2(peak / GOALS.peakRssMB)}× ${verdict(peak <= GOALS.peakRssMB)}` });
  const start = figures.startup.cpuSecondsToFirstFetch;
  lines.push({
    goal: 'startup', pass: start <= GOALS.startupCpuSeconds,
    line: `goal: sink start-up ≤ ${GOALS.startupCpuSeconds} CPU-s to the first fetch: ${start} CPU-s → ${round2(start / GOALS.startupCpuSeconds)}× ${verdict(start <= GOALS.startupCpuSeconds)}`,
  });
  return lines;
}

function line(m) {
  return `${m.seconds.toFixed(1)} s, ${m.recordsPerSecond} rec/s, CPU ${m.cpuSeconds.toFixed(2)} s (${m.cpuPerMillion} per million), ` +
    `peak RSS ${m.peakRssMB} MB; broker ${m.brokerCpuSeconds} s, OSS server ${m.ossCpuSeconds} s`;
}

function round2(n) {
  return Math.round(n * 100) / 100;
}

/** kcat -P of `count` values, streamed in ~100 KB chunks (never the whole topic in memory), spread over the partitions. */
async function produce(bootstrapServers, topic, value, count = RECORDS) {
  const start = Date.now();
  const child = spawn('kcat', ['-P', '-b', bootstrapServers, '-t', topic, '-X', 'linger.ms=50', '-X', 'batch.num.messages=10000'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kcat -P exited with ${code}`)))));
  const CHUNK = 100; // ~100 KB strings stay in the young generation of this process, which also hosts the broker
  for (let i = 0; i < count; i += CHUNK) {
    let text = '';
    for (let j = i; j < Math.min(count, i + CHUNK); j += 1) text += `${value(j)}\n`;
    if (!child.stdin.write(text)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  }
  child.stdin.end();
  await exited;
  return (Date.now() - start) / 1000;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(await run(), null, 2));
