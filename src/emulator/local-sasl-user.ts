import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { privateDir, writePrivateFileSync } from './private-files.js';

/** Where the local Kafka SASL users' generated passwords are kept (0600, beside access-key.json). */
export const saslPasswordFile = (dataDir: string) => join(dataDir, 'kafka-sasl-users.json');

/**
 * The password of a SASL user of the local broker: made on first start and kept in the data directory
 * (mode 0600), so that clients configured once keep working across restarts. Never printed.
 */
export async function localSaslPassword(dataDir: string, username: string): Promise<{ password: string; file: string }> {
  const file = saslPasswordFile(dataDir);
  let users: Record<string, string> = {};
  try {
    users = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const known = users[username];
  if (known) return { password: known, file };
  const password = randomBytes(18).toString('base64url');
  await privateDir(dataDir);
  writePrivateFileSync(file, JSON.stringify({ ...users, [username]: password }));
  return { password, file };
}
