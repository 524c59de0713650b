import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FunctionSpec } from '../contracts.js';

const MAX_FILES_STATED = 5000;

/**
 * Identifies a function version: its configuration plus the name, size and times of every file of its code
 * (ctime too: an unzip that restores the archive's mtimes still changes it).
 * A warm instance whose fingerprint differs from the current one is retired, as FC does on UpdateFunction.
 */
export async function codeFingerprint(fn: FunctionSpec): Promise<string> {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify([fn.codeDir, fn.handler, fn.runtime, fn.timeoutSeconds, fn.memorySizeMB, sortedEntries(fn.environmentVariables)]),
  );
  const names = (await readdir(fn.codeDir, { recursive: true }).catch(() => [] as string[])).sort();
  for (const name of names.slice(0, MAX_FILES_STATED)) {
    const info = await stat(join(fn.codeDir, name)).catch(() => undefined);
    if (info?.isFile()) hash.update(`\n${name}:${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`);
  }
  return hash.digest('hex');
}

function sortedEntries(record: Record<string, string>): [string, string][] {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
