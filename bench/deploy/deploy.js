// Deploy against the local cloud: API calls and wall time of a first and a second (no-op) deploy.
//   node bench/deploy/deploy.js   (after `npm run build`)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = (path) => import(pathToFileURL(join(fileURLToPath(new URL('../../dist/', import.meta.url)), path)).href);

export async function run() {
  const { startLocalCloud } = await dist('emulator/local-cloud.js');
  const { profileTarget } = await dist('cloud/target.js');
  const { AlikafkaApi } = await dist('cloud/alikafka.js');
  const { openSession } = await dist('deploy/session.js');
  const { prepareDeploy } = await dist('deploy/deploy.js');
  const { resolveDefinition } = await dist('definition/definition.js');
  const { default: OSS } = await import('ali-oss');

  const dataDir = await mkdtemp(join(tmpdir(), 'kafka-oss-bench-deploy-'));
  const calls = { count: 0 };
  // Every control-plane answer logs one line: count them (alikafka, ResourceManager, VPC and FC calls).
  const cloud = await startLocalCloud({ dataDir, kafkaPort: 0, ossPort: 0, apiPort: 0, log: (line) => { if (/^(alikafka|ResourceManager|Vpc|fc|rpc) /.test(line)) calls.count += 1; } });
  try {
    const d = cloud.description;
    const target = profileTarget('bench', { regionId: d.regionId, ...cloud.accessKey, apiEndpoint: d.api.endpoint, ossEndpoint: d.oss.endpoint, protocol: 'http' });
    const alikafka = new AlikafkaApi(target);
    const [instance] = await alikafka.listInstances();
    await alikafka.createTopic({ instanceId: instance.instanceId, topic: 'bench-input', remark: 'bench', partitionNum: 6, localTopic: false, compactTopic: false });
    await new OSS({ ...cloud.accessKey, endpoint: d.oss.endpoint, region: 'oss-cn-hangzhou', authorizationV4: true }).putBucket('bench-bucket');
    const { definition } = resolveDefinition({ name: 'bench', instanceId: instance.instanceId, sourceTopic: 'bench-input', bucket: 'bench-bucket', accessKeyId: cloud.accessKey.accessKeyId });
    const silent = { start() {}, done() {}, fail() {} };
    const measure = async () => {
      calls.count = 0;
      const started = performance.now();
      const prepared = await prepareDeploy(await openSession(target, definition), definition, cloud.accessKey.accessKeySecret);
      const result = await prepared.apply(silent);
      return { wallMs: Math.round(performance.now() - started), apiCalls: calls.count, changed: result.changed.length };
    };
    const first = await measure();
    const second = await measure();
    console.log(`first deploy   ${first.wallMs} ms, ${first.apiCalls} API calls, ${first.changed} resources created`);
    console.log(`second deploy  ${second.wallMs} ms, ${second.apiCalls} API calls, ${second.changed} resources created`);
    console.log('(alikafka flow control as documented: 3 calls a second per API, 1 for CreateTopic and CreateConsumerGroup)');
    console.log(`goal: a second deploy changes nothing: ${second.changed} mutations ${second.changed === 0 ? 'PASS' : 'FAIL'}`);
    return { first, second };
  } finally {
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
