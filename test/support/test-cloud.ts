import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlikafkaApi } from '../../src/cloud/alikafka.js';
import { saveProfile } from '../../src/cloud/profile-store.js';
import { profileTarget } from '../../src/cloud/target.js';
import { localCloudProfile } from '../../src/cli/local-profile.js';
import { startLocalCloud, type LocalCloudOptions } from '../../src/emulator/local-cloud.js';
import type { StepReporter } from '../../src/deploy/apply.js';

/**
 * A local cloud on free ports, its profile saved under `profileNames` in a private KAFKA_OSS_HOME
 * (`home`), and the SDK target for it. Flow control stays on with a shorter interval, and new topics are running
 * after 200 ms instead of a second; `cloud` sets other options of the local cloud (the instance's edition, …).
 */
export async function startTestCloud(opts: { prefix: string; alikafkaIntervalMs: number; profileNames?: string[]; cloud?: Partial<Omit<LocalCloudOptions, 'dataDir'>> }) {
  const dataDir = await mkdtemp(join(tmpdir(), opts.prefix));
  const account = { topicReadyDelayMs: 200, ...opts.cloud?.account };
  const cloud = await startLocalCloud({ ...opts.cloud, account, dataDir, kafkaPort: 0, ossPort: 0, apiPort: 0, alikafkaIntervalMs: opts.alikafkaIntervalMs });
  const profile = localCloudProfile(cloud);
  const home = join(dataDir, 'home');
  for (const name of opts.profileNames ?? ['live']) await saveProfile(name, profile, join(home, 'profiles.json'));
  const target = profileTarget('test', profile);
  const alikafka = new AlikafkaApi(target);
  const instanceId = (await alikafka.listInstances({ anyStatus: true }))[0]!.instanceId;
  return { cloud, profile, target, home, dataDir, alikafka, instanceId };
}

/** A step reporter that shows nothing: deploys run by tests, whose plans the tests check themselves. */
export const silent: StepReporter = { start: () => {}, done: () => {}, fail: () => {} };
