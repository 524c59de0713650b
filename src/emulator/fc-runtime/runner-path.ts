import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The runner module to fork. From the build (dist/) it is the compiled runner.js beside this file; when
 * the runtime itself runs from its TypeScript sources (the test suite), the runner is bundled once with
 * esbuild into `cacheDir`, since a plain Node 20 child cannot load .ts files.
 */
export async function resolveRunnerPath(cacheDir: string): Promise<string> {
  const compiled = join(here, 'runner.js');
  if (existsSync(compiled)) return compiled;
  const source = join(here, 'runner.ts');
  const bundled = join(cacheDir, 'fc-runner.mjs');
  await mkdir(cacheDir, { recursive: true });
  const { build } = await import('esbuild');
  await build({
    entryPoints: [source],
    outfile: bundled,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
  });
  return bundled;
}
