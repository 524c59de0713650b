#!/usr/bin/env node
// Soak test (issue #14), not part of CI: `local up` + a producer + two `sink run` members of one group, for
// SOAK_MINUTES (default 10), killing one of the four processes with SIGKILL every SOAK_KILL_SECONDS (default 20)
// in turn and starting it again. Every 10 s it prints the local cloud's RSS and open file descriptors. At the end
// it stops producing, lets a sink catch up, and checks that every acknowledged offset is in exactly one object.
//
//   npm run build && node scripts/soak.mjs
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/kafka-oss.js');
const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const KILL_EVERY = Number(process.env.SOAK_KILL_SECONDS ?? 20) * 1000;
const work = await mkdtemp(join(tmpdir(), 'kafka-oss-soak-'));
const dataDir = join(work, 'cloud');
const env = { ...process.env, KAFKA_OSS_HOME: join(work, 'home'), CI: 'true' };
const ports = { kafka: 19092, oss: 19000, api: 19100 };
const TOPIC = 'soak';
const BUCKET = 'soak-bucket';

const { createKafkaClient } = await import(join(root, 'dist/kafka/kafkajs-client.js'));
const { createOssBucketClient } = await import(join(root, 'dist/cloud/oss.js'));
const { Kafka, logLevel } = (await import('kafkajs')).default;

const log = (line) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** One long-running process that can be killed and started again. */
function supervised(name, args) {
  const proc = { name, child: undefined, stopped: false, starts: 0 };
  proc.start = () => {
    proc.starts += 1;
    proc.child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.child.stderr.on('data', (d) => appendFileSync(join(work, `${name.replace(/\W+/g, '-')}.log`), d));
    // `local up --output json` prints one line once ready (and its profile saved)
    proc.ready = new Promise((resolve, reject) => {
      let out = '';
      proc.child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve();
      });
      proc.child.once('exit', () => reject(new Error(`${name} exited before it was ready`)));
    });
    proc.ready.catch(() => undefined);
    proc.exited = new Promise((resolve) => proc.child.once('exit', (code, signal) => resolve({ code, signal })));
  };
  proc.kill = async (signal = 'SIGKILL') => {
    proc.child.kill(signal);
    return proc.exited;
  };
  return proc;
}

const cloud = supervised('local cloud', ['--output', 'json', 'local', 'up', '--data-dir', dataDir, '--kafka-port', String(ports.kafka), '--oss-port', String(ports.oss), '--api-port', String(ports.api)]);
cloud.start();
await cloud.ready;
const profile = JSON.parse(readFileSync(join(env.KAFKA_OSS_HOME, 'profiles.json'), 'utf8')).profiles.local;
const bootstrap = `127.0.0.1:${ports.kafka}`;
const PARTITIONS = 6;
const admin = new Kafka({ clientId: 'soak-admin', brokers: [bootstrap], logLevel: logLevel.NOTHING }).admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS }] });
await admin.disconnect();
await createBucket();
const sinkArgs = ['sink', 'run', 'soak', '--topic', TOPIC, '--bucket', BUCKET, '--profile', 'local', '--access-key-id', profile.accessKeyId, '--offset-reset', 'earliest', '--flush-interval-ms', '2000'];
env.KAFKA_OSS_ACCESS_KEY_SECRET = profile.accessKeySecret;
const sinks = [supervised('sink 1', sinkArgs), supervised('sink 2', sinkArgs)];
for (const sink of sinks) sink.start();

// The producer runs in this process: its acknowledgements are the ground truth. Each batch goes to one partition,
// so an acknowledged batch is the offsets [baseOffset, baseOffset + 100). "Killing" it drops its connection and its
// in-flight batch unacknowledged, then it reconnects.
const acknowledged = Array.from({ length: PARTITIONS }, () => []); // [first, last] ranges per partition
let producing = true;
let producerGeneration = 0;
const producer = { name: 'producer', starts: 1, kill: async () => { producerGeneration += 1; }, start: () => { producer.starts += 1; } };
const produceLoop = (async () => {
  let sent = 0;
  while (producing) {
    const generation = producerGeneration;
    const p = new Kafka({ clientId: 'soak-producer', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 2 } }).producer();
    try {
      await p.connect();
      while (producing && generation === producerGeneration) {
        const partition = sent % PARTITIONS;
        const messages = Array.from({ length: 100 }, () => ({ partition, key: String(sent % 1000), value: `soak ${sent++} ${'x'.repeat(200)}` }));
        const [result] = await p.send({ topic: TOPIC, acks: -1, messages });
        if (generation === producerGeneration) acknowledged[partition].push([Number(result.baseOffset), Number(result.baseOffset) + messages.length - 1]);
        await sleep(20);
      }
    } catch {
      await sleep(500);
    } finally {
      await p.disconnect().catch(() => undefined);
    }
  }
})();

const victims = [cloud, ...sinks, producer];
const samples = [];
const started = Date.now();
let turn = 0;
let nextKill = started + KILL_EVERY;
while (Date.now() - started < MINUTES * 60_000) {
  await sleep(10_000);
  const sample = resources(cloud.child.pid);
  samples.push(sample);
  log(`local cloud pid ${cloud.child.pid}: RSS ${sample.rssMiB} MiB, ${sample.fds} fds`);
  if (Date.now() >= nextKill) {
    const victim = victims[turn % victims.length];
    turn += 1;
    log(`kill -9 ${victim.name}`);
    await victim.kill();
    if (victim === cloud) {
      cloud.start();
      await cloud.ready;
    } else victim.start?.();
    nextKill = Date.now() + KILL_EVERY;
  }
}

log('stopping the producer; waiting for the sinks to catch up');
producing = false;
await produceLoop;
log('producer stopped');
for (const sink of sinks) {
  const asked = Date.now();
  sink.child.kill('SIGTERM');
  const outcome = await Promise.race([sink.exited, sleep(60_000).then(() => undefined)]);
  if (outcome) log(`${sink.name} stopped on SIGTERM in ${((Date.now() - asked) / 1000).toFixed(1)} s: ${JSON.stringify(outcome)}`);
  else log(`${sink.name} did not stop within 60 s of SIGTERM: ${JSON.stringify(await sink.kill('SIGKILL'))}`);
}
const final = spawn(process.execPath, [bin, ...sinkArgs, '--until-caught-up'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
log(`final sink run exited: ${await new Promise((resolve) => final.once('exit', resolve))}`);

// Every acknowledged offset must be kept by the broker and exported in exactly one object; so must every other
// offset below the log end (written but unacknowledged when the producer or the broker was killed).
const check = createKafkaClient({ bootstrapServers: bootstrap });
const ends = (await check.watermarks(TOPIC)).map((w) => w.high);
await check.close();
const oss = createOssBucketClient({ bucket: BUCKET, endpoint: `http://127.0.0.1:${ports.oss}`, region: 'cn-hangzhou', accessKeyId: profile.accessKeyId, accessKeySecret: profile.accessKeySecret });
const counts = new Map();
for (const object of await oss.listAll('soak/')) {
  if (object.name.includes('/.kafka-oss/')) continue;
  for (const record of JSON.parse((await oss.get(object.name)).toString('utf8'))) {
    const id = `${record.partition}:${record.offset}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
}
let missing = 0;
let duplicated = 0;
let total = 0;
let acknowledgedTotal = 0;
let acknowledgedLost = 0;
ends.forEach((end, partition) => {
  for (const [first, last] of acknowledged[partition]) {
    acknowledgedTotal += last - first + 1;
    if (last >= end) acknowledgedLost += last - Math.max(first, end) + 1;
  }
  for (let offset = 0; offset < end; offset += 1) {
    total += 1;
    const n = counts.get(`${partition}:${offset}`) ?? 0;
    if (n === 0) missing += 1;
    if (n > 1) duplicated += 1;
  }
});
await cloud.kill('SIGTERM');
const rss = samples.map((s) => s.rssMiB);
const fds = samples.map((s) => s.fds);
const summary = {
  minutes: MINUTES, kills: turn, acknowledgedOffsets: acknowledgedTotal, acknowledgedLost, offsetsInTopic: total, missing, duplicated,
  rssMiB: { first: rss[0], max: Math.max(...rss), last: rss.at(-1) }, fds: { first: fds[0], max: Math.max(...fds), last: fds.at(-1) },
  starts: Object.fromEntries(victims.map((v) => [v.name, v.starts])),
};
await writeFile(join(work, 'soak-summary.json'), JSON.stringify({ summary, samples }, null, 2));
log(JSON.stringify(summary));
log(`logs and samples in ${work}`);
const ok = missing === 0 && duplicated === 0 && acknowledgedLost === 0;
log(ok ? `every acknowledged offset (${acknowledgedTotal}) kept, and every offset of the topic (${total}) in exactly one object` : 'FAILED');
process.exit(ok ? 0 : 1);

function resources(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { at: Date.now(), pid, rssMiB: Math.round(rssKiB / 1024), fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return { at: Date.now(), pid, rssMiB: 0, fds: 0 };
  }
}

async function createBucket() {
  const { default: OSS } = await import('ali-oss');
  const client = new OSS({ accessKeyId: profile.accessKeyId, accessKeySecret: profile.accessKeySecret, endpoint: `http://127.0.0.1:${ports.oss}`, region: 'oss-cn-hangzhou', authorizationV4: true });
  await client.putBucket(BUCKET).catch((err) => { if (err.code !== 'BucketAlreadyExists') throw err; });
}
