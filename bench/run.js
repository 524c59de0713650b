#!/usr/bin/env node
// `npm run bench`: runs every benchmark module under bench/<area>/ (a .js file exporting `run()`),
// or only the areas named on the command line (`npm run bench -- kafka oss`), and prints their figures.
import { readdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const wanted = process.argv.slice(2);

const areas = (await readdir(root, { withFileTypes: true }))
  .filter((d) => d.isDirectory() && d.name !== 'out' && (wanted.length === 0 || wanted.includes(d.name)))
  .map((d) => d.name)
  .sort();

const results = {};
let failed = false;
for (const area of areas) {
  const files = (await readdir(join(root, area))).filter((f) => f.endsWith('.js') || f.endsWith('.mjs')).sort();
  for (const file of files) {
    const mod = await import(pathToFileURL(join(root, area, file)).href);
    if (typeof mod.run !== 'function') continue;
    const label = `${area}/${file}`;
    process.stdout.write(`\n=== ${label}\n`);
    try {
      results[label] = await mod.run();
    } catch (err) {
      failed = true;
      process.stdout.write(`FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}
process.stdout.write(`\n=== summary\n${JSON.stringify(results, null, 2)}\n`);
process.exitCode = failed ? 1 : 0;
