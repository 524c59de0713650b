// OSS server throughput: PUT and GET of 1 MiB objects through ali-oss against the embedded OSS server,
// side by side with writing (fsync'd) and reading the same bytes on the data disk directly.
// Figures: MB/s of each and the ratio server / disk.
//
//   node bench/oss/oss.js                      (after `npm run build`)
//   BENCH_OSS_OBJECTS=50 BENCH_OSS_CONCURRENCY=8 node bench/oss/oss.js
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import OSS from 'ali-oss';

const root = fileURLToPath(new URL('../../', import.meta.url));
const OBJECTS = Number(process.env.BENCH_OSS_OBJECTS ?? 200);
const CONCURRENCY = Number(process.env.BENCH_OSS_CONCURRENCY ?? 4);
const OBJECT_BYTES = 1024 * 1024;
const ACCESS_KEY = { id: 'LTAI-bench-oss', secret: 'bench-oss-secret' };
const BUCKET = 'bench-oss';

export async function run() {
  const { startOssServer } = await import(pathToFileURL(join(root, 'dist/emulator/oss/index.js')).href);
  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-bench-oss-'));
  const diskDir = await mkdtemp(join(tmpdir(), 'kafka-oss-bench-disk-'));
  const server = await startOssServer({ dataDir, accessKeys: [ACCESS_KEY] });
  const body = randomBytes(OBJECT_BYTES);
  const mb = (OBJECTS * OBJECT_BYTES) / 1e6;
  try {
    await server.createBucket(BUCKET);
    const client = new OSS({
      accessKeyId: ACCESS_KEY.id, accessKeySecret: ACCESS_KEY.secret, endpoint: server.endpoint, region: 'oss-cn-hangzhou', authorizationV4: true, bucket: BUCKET, timeout: 120_000,
    });

    const ossPut = await timed(() => client.put(`obj/${i()}`, body));
    const ossGet = await timed(async () => {
      const got = await client.get(`obj/${i()}`);
      if (got.content.length !== OBJECT_BYTES) throw new Error(`GET returned ${got.content.length} bytes`);
    });
    const diskPut = await timed(async () => {
      const handle = await open(join(diskDir, String(i())), 'w');
      await handle.writeFile(body);
      await handle.sync();
      await handle.close();
    });
    const diskGet = await timed(async () => {
      await readFile(join(diskDir, String(i())));
    });

    const rate = (ms) => Number((mb / (ms / 1000)).toFixed(1));
    const result = {
      objects: OBJECTS, objectBytes: OBJECT_BYTES, concurrency: CONCURRENCY,
      ossPutMBps: rate(ossPut), diskPutMBps: rate(diskPut), putRatio: Number((diskPut / ossPut).toFixed(2)),
      ossGetMBps: rate(ossGet), diskGetMBps: rate(diskGet), getRatio: Number((diskGet / ossGet).toFixed(2)),
    };
    console.log(`PUT  ali-oss → local OSS: ${result.ossPutMBps} MB/s   disk (write+fsync): ${result.diskPutMBps} MB/s   ratio ${result.putRatio}`);
    console.log(`GET  ali-oss ← local OSS: ${result.ossGetMBps} MB/s   disk (read):        ${result.diskGetMBps} MB/s   ratio ${result.getRatio}`);
    return result;
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(diskDir, { recursive: true, force: true });
  }
}

// Each phase hands out object indexes 0..OBJECTS-1 to CONCURRENCY workers.
let cursor = 0;
const i = () => cursor++;

async function timed(op) {
  cursor = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (cursor < OBJECTS) await op();
  }));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
