import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { AlikafkaApi } from '../cloud/alikafka.js';
import { catalogFor } from '../cloud/catalog-sdk.js';
import { createOssBucketClient, ossSigningOptions } from '../cloud/oss.js';
import { listBuckets } from '../cloud/oss-account.js';
import { profileTarget } from '../cloud/target.js';
import { prepareDeploy } from '../deploy/deploy.js';
import { openSession } from '../deploy/session.js';
import { verifyDelivery } from '../deploy/verify.js';
import { startLocalCloud } from '../emulator/local-cloud.js';
import { createKafkaClient } from '../kafka/index.js';
import { resolveDefinition, type ConnectorDefinition } from '../definition/definition.js';
import { writeDefinitionFile } from './definition-file.js';
import { checkAgainstCloud } from '../definition/live-checks.js';
import { detectLang } from '../i18n/messages.js';
import { CancelledError, KafkaOssError, UsageError } from '../errors.js';
import { stepReporter } from './step-reporter.js';
import { localCloudProfile } from './local-profile.js';

const SOURCE_TOPIC = 'quickstart-input';
const BUCKET = 'kafka-oss-quickstart';

/**
 * quickstart: the local cloud in this process, then exactly what a user does against Alibaba Cloud —
 * the SDK clients pointed at it, the same create rules, deploy, and test.
 */
export async function runQuickstart(opts: { interactive: boolean; dataDir?: string; json: boolean; lang?: string }): Promise<void> {
  const say = (line: string) => {
    if (!opts.json) process.stderr.write(`${line}\n`);
  };
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'kafka-oss-quickstart-')));
  say(`▶ Starting the local cloud in ${dataDir}`);
  const cloud = await startLocalCloud({ dataDir, kafkaPort: 0, ossPort: 0, apiPort: 0 });
  try {
    const d = cloud.description;
    const target = profileTarget('quickstart', localCloudProfile(cloud));
    const alikafka = new AlikafkaApi(target);
    const [instance] = await alikafka.listInstances();
    if (!instance) throw new KafkaOssError('the local cloud has no Kafka instance');
    const oss = new OSS({ ...cloud.accessKey, endpoint: target.ossEndpoint, ...ossSigningOptions(target.regionId) } as OSS.Options);
    await Promise.all([
      (async () => {
        if ((await alikafka.listTopics(instance.instanceId)).some((t) => t.name === SOURCE_TOPIC)) return;
        await alikafka.createTopic({ instanceId: instance.instanceId, topic: SOURCE_TOPIC, remark: 'quickstart-source', partitionNum: 3, localTopic: false, compactTopic: false });
      })(),
      (async () => {
        if (!(await listBuckets(target)).some((b) => b.name === BUCKET)) await oss.putBucket(BUCKET);
      })(),
    ]);
    say(`  instance ${instance.instanceId}, source topic ${SOURCE_TOPIC} (3 partitions), bucket ${BUCKET}`);

    const catalog = catalogFor(target);
    const defaults = { name: 'quickstart', instanceId: instance.instanceId, sourceTopic: SOURCE_TOPIC, bucket: BUCKET, accessKeyId: cloud.accessKey.accessKeyId, offsetReset: 'earliest' };
    let definition: ConnectorDefinition;
    if (opts.interactive) {
      const { runWizard } = await import('../wizard/wizard.js');
      const { inquirerPrompts } = await import('../wizard/prompts.js');
      const result = await runWizard(defaults, cloud.accessKey.accessKeySecret, { prompts: await inquirerPrompts(detectLang(opts.lang)), lang: detectLang(opts.lang), catalog, regionId: target.regionId, print: (t) => process.stderr.write(t) });
      if (!result) throw new CancelledError('Cancelled.');
      definition = result.definition;
    } else {
      const resolution = resolveDefinition(defaults, { regionId: target.regionId });
      if (!resolution.definition) throw new UsageError(resolution.errors);
      definition = resolution.definition;
      const live = await checkAgainstCloud(definition, catalog);
      if (live.errors.length > 0) throw new UsageError(live.errors);
    }
    const definitionPath = join(dataDir, `kafka-oss.${definition.name}.json`);
    await writeDefinitionFile(definitionPath, definition);
    say(opts.dataDir
      ? `▶ create: connector ${definition.name} recorded in ${definitionPath}`
      : `▶ create: connector ${definition.name} defined (for this run only: --data-dir <dir> keeps the local cloud and the definition)`);

    say('▶ deploy');
    const session = await openSession(target, definition);
    const prepared = await prepareDeploy(session, definition, cloud.accessKey.accessKeySecret);
    const result = await prepared.apply(await stepReporter({ json: opts.json, tty: Boolean(process.stderr.isTTY), verb: 'creating' }));
    say(`  ${result.changed.length} resources created`);

    say('▶ test: sending key=1 value=1 to partition 0');
    const kafka = createKafkaClient({ bootstrapServers: d.kafka!.bootstrapServers, clientId: 'kafka-oss-quickstart' });
    const bucket = createOssBucketClient({ bucket: definition.bucket, endpoint: target.ossEndpoint, region: target.regionId, ...cloud.accessKey });
    let delivery;
    try {
      delivery = await verifyDelivery({ kafka, oss: bucket, definition, message: { partition: 0, key: '1', value: '1' }, timeoutMs: 60_000 });
    } finally {
      await kafka.close();
    }
    const exported = (await bucket.get(delivery.objectName)).toString('utf8');
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ connector: definition.name, object: delivery.objectName, latencyMs: delivery.latencyMs, records: JSON.parse(exported) as unknown }, null, 2)}\n`);
    } else {
      say(`  delivered in ${(delivery.latencyMs / 1000).toFixed(1)} s to oss://${definition.bucket}/${delivery.objectName}:`);
      process.stdout.write(exported.endsWith('\n') ? exported : `${exported}\n`);
    }
  } finally {
    await cloud.close();
    if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
