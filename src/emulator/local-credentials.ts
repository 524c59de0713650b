import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, privateDir } from './private-files.js';

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
  await privateDir(dataDir);
  try {
    // Exclusive: never through a file or link already there (another start that won the race is read instead).
    await writeFile(path, JSON.stringify(key), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return JSON.parse(await readFile(path, 'utf8')) as LocalAccessKey;
  }
  return key;
}
