import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

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
  return (await readProfiles(path)).profiles[name];
}

/** Saves a profile; the file is private to the user (0600) since it holds an AccessKey secret. */
export async function saveProfile(name: string, profile: KafkaOssProfile, path = profileFilePath()): Promise<void> {
  const file = await readProfiles(path);
  file.profiles[name] = profile;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}
