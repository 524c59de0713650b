import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A profile the standard Alibaba Cloud chain knows, with its default region when it has one. */
export interface ChainProfile {
  name: string;
  source: 'aliyun CLI' | 'credentials file';
  regionId?: string;
}

/**
 * The profiles the standard chain can use, read where @alicloud/credentials reads them: the aliyun CLI's
 * `~/.aliyun/config.json` and the credentials file (`ALIBABA_CLOUD_CREDENTIALS_FILE`, default
 * `~/.alibabacloud/credentials`, INI sections). Missing or unreadable files hold none.
 */
export async function chainProfiles(env: NodeJS.ProcessEnv = process.env): Promise<ChainProfile[]> {
  const home = env.HOME || homedir();
  const profiles: ChainProfile[] = [];
  const cli = await readText(join(home, '.aliyun', 'config.json'));
  if (cli) {
    try {
      const parsed = JSON.parse(cli) as { profiles?: Array<{ name?: unknown; region_id?: unknown }> };
      for (const p of parsed.profiles ?? []) {
        if (typeof p.name === 'string') profiles.push({ name: p.name, source: 'aliyun CLI', ...(typeof p.region_id === 'string' && p.region_id ? { regionId: p.region_id } : {}) });
      }
    } catch {
      // not JSON: the credentials library will say so itself
    }
  }
  const ini = await readText(env.ALIBABA_CLOUD_CREDENTIALS_FILE || join(home, '.alibabacloud', 'credentials'));
  for (const match of ini?.matchAll(/^\s*\[([^\]\r\n]+)\]\s*$/gm) ?? []) profiles.push({ name: match[1]!.trim(), source: 'credentials file' });
  return profiles;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The known name closest to `given` when it is a plausible typo (edit distance ≤ 2). */
export function closestName(given: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(given.toLowerCase(), name.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
