import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../atomic-write.js';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * kafka-oss's own profiles: an AccessKey plus endpoint overrides. `kafka-oss local up` saves one
 * named "local" pointing every client at the embedded local cloud; Alibaba Cloud profiles come
 * from the standard credentials chain instead.
 */
export interface KafkaOssProfile {
  regionId: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** `host:port` of the control-plane APIs, for the SDKs' `endpoint`. */
  apiEndpoint?: string;
  /** OSS endpoint URL. */
  ossEndpoint?: string;
  /** Log Service endpoint, for its SDK's `endpoint` (which it prefixes with `<project>.`). */
  logEndpoint?: string;
  protocol?: 'http' | 'https';
  kafkaBootstrapServers?: string;
  accountId?: string;
}

interface ProfileFile {
  profiles: Record<string, KafkaOssProfile>;
}

/** `$KAFKA_OSS_HOME/profiles.json`, default `~/.kafka-oss/profiles.json`. */
export function profileFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.KAFKA_OSS_HOME || join(homedir(), '.kafka-oss'), 'profiles.json');
}

async function readProfiles(path: string): Promise<ProfileFile> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<ProfileFile>;
    return { profiles: parsed.profiles ?? {} };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw new Error(`cannot read the kafka-oss profiles in ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The names of the saved kafka-oss profiles. */
export async function profileNames(path = profileFilePath()): Promise<string[]> {
  return Object.keys((await readProfiles(path)).profiles);
}

export async function loadProfile(name: string, path = profileFilePath()): Promise<KafkaOssProfile | undefined> {
  const { profiles } = await readProfiles(path);
  return Object.hasOwn(profiles, name) ? profiles[name] : undefined;
}

/** Saves a profile; the file is private to the user (0600) since it holds an AccessKey secret. */
export async function saveProfile(name: string, profile: KafkaOssProfile, path = profileFilePath()): Promise<void> {
  const file = await readProfiles(path);
  file.profiles[name] = profile;
  await writeFileAtomically(path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
}
