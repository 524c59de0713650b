import { randomBytes } from 'node:crypto';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface LocalAccessKey { accessKeyId: string; accessKeySecret: string }

/**
 * The local account's AccessKey: made on first start and kept in the data directory (mode 0600), so
 * that profiles, definitions and deployed functions keep working across restarts.
 */
export async function localAccessKey(dataDir: string): Promise<LocalAccessKey> {
  const path = join(dataDir, 'access-key.json');
  try {
    return JSON.parse(await readFile(path, 'utf8')) as LocalAccessKey;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key: LocalAccessKey = {
    accessKeyId: `LTAI5tLocal${randomBytes(6).toString('hex').toUpperCase()}`,
    accessKeySecret: randomBytes(22).toString('base64url').slice(0, 30),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, JSON.stringify(key), { mode: 0o600 });
  return key;
}
