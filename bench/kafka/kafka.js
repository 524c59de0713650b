// Embedded Kafka broker throughput: kcat -P and kcat -C -e with 1 KiB records, side by side in the same run
// with writing the same bytes to the data disk with fs. Goal: produce ≥ 100 MB/s on loopback.
//
//   node bench/kafka/kafka.js                   (after `npx tsc -p tsconfig.build.json`)
//   BENCH_KAFKA_RECORDS=100000 BENCH_KAFKA_DIR=/some/disk node bench/kafka/kafka.js
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RECORDS = Number(process.env.BENCH_KAFKA_RECORDS ?? 200_000);
const RECORD_BYTES = 1024; // value bytes, newline excluded (kcat's delimiter)
const PARTITIONS = Number(process.env.BENCH_KAFKA_PARTITIONS ?? 1);
const MB = 1024 * 1024;

export async function run() {
  const dir = mkdtempSync(join(process.env.BENCH_KAFKA_DIR ?? tmpdir(), 'bench-kafka-'));
  const { startKafkaBroker } = await import(pathToFileURL(join(root, 'dist/emulator/kafka/index.js')).href);
  const broker = await startKafkaBroker({ dataDir: join(dir, 'data'), port: 0 });
  try {
    const input = join(dir, 'input.txt');
    writeInput(input);
    const totalBytes = RECORDS * RECORD_BYTES;
    await broker.admin.createTopic('bench', { partitions: PARTITIONS });

    const produce = await timed('kcat', ['-P', '-b', broker.bootstrapServers, '-t', 'bench', '-l', input, '-X', 'linger.ms=20', '-X', 'batch.size=1000000']);
    const written = (await broker.admin.highWatermarks('bench')).reduce((a, b) => a + b, 0);
    if (written !== RECORDS) throw new Error(`broker holds ${written} records, expected ${RECORDS}`);
    const consume = await timed('kcat', ['-C', '-b', broker.bootstrapServers, '-t', 'bench', '-o', 'beginning', '-e', '-q', '-X', 'fetch.max.bytes=52428800']);
    const disk = diskWrite(join(dir, 'data', 'fs-write.bin'), totalBytes);

    const rate = (seconds) => +(totalBytes / MB / seconds).toFixed(1);
    const figures = {
      records: RECORDS,
      recordBytes: RECORD_BYTES,
      partitions: PARTITIONS,
      totalMB: +(totalBytes / MB).toFixed(1),
      produceMBPerSecond: rate(produce),
      consumeMBPerSecond: rate(consume),
      fsWriteMBPerSecond: rate(disk),
      produceToFsWriteRatio: +(disk / produce).toFixed(2),
      consumeToFsWriteRatio: +(disk / consume).toFixed(2),
      goal: 'produceMBPerSecond ≥ 100',
    };
    console.log(`kafka broker, ${RECORDS} × ${RECORD_BYTES} B records, ${PARTITIONS} partition(s):`);
    console.log(`  kcat -P       ${figures.produceMBPerSecond} MB/s  (${figures.produceToFsWriteRatio}× fs write)`);
    console.log(`  kcat -C -e    ${figures.consumeMBPerSecond} MB/s  (${figures.consumeToFsWriteRatio}× fs write)`);
    console.log(`  fs write      ${figures.fsWriteMBPerSecond} MB/s  (same bytes, 1 MiB writes, same disk)`);
    return figures;
  } finally {
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function writeInput(path) {
  const fd = openSync(path, 'w');
  const perChunk = 1024;
  const chunk = Buffer.alloc(perChunk * (RECORD_BYTES + 1));
  for (let i = 0; i < perChunk; i++) {
    const at = i * (RECORD_BYTES + 1);
    for (let j = 0; j < RECORD_BYTES; j++) chunk[at + j] = 97 + ((i * 31 + j * 7) % 26);
    chunk[at + RECORD_BYTES] = 10;
  }
  for (let left = RECORDS; left > 0; left -= perChunk) {
    const n = Math.min(perChunk, left);
    writeSync(fd, chunk, 0, n * (RECORD_BYTES + 1));
  }
  closeSync(fd);
}

function diskWrite(path, bytes) {
  const block = Buffer.alloc(MB, 120);
  const started = process.hrtime.bigint();
  const fd = openSync(path, 'w');
  for (let left = bytes; left > 0; left -= MB) writeSync(fd, block, 0, Math.min(MB, left));
  closeSync(fd);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function timed(cmd, args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${stderr.slice(-400)}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e9);
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().then(
    (figures) => console.log(JSON.stringify(figures)),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
