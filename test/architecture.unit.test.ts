import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { architectureViolations, readSources } from './support/architecture.js';

// DESIGN §6 as a test: the emulator is walled off, src/definition is the pure core, no folder cycles.
const root = fileURLToPath(new URL('..', import.meta.url));
let sources: Map<string, string>;

beforeAll(async () => {
  sources = await readSources(root);
});

const withFile = (path: string, text: string) => new Map([...sources, [path, text]]);

describe('the layout', () => {
  it('keeps every rule', () => {
    expect(architectureViolations(sources)).toEqual([]);
  });

  it.each([
    ['a command importing the emulator', 'src/cli/list-extra.ts', "import { startLocalCloud } from '../emulator/local-cloud.js';",
      'src/cli/list-extra.ts imports the emulator (../emulator/local-cloud.js): only src/emulator and the local-cloud commands may'],
    ['a dynamic import of the emulator from deploy', 'src/deploy/extra.ts', "export const load = () => import('../emulator/local-cloud.js');",
      'src/deploy/extra.ts imports the emulator (../emulator/local-cloud.js): only src/emulator and the local-cloud commands may'],
    ['the emulator importing the tool', 'src/emulator/extra.ts', "import { FIELDS } from '../definition/fields.js';",
      'src/emulator/extra.ts imports src/definition/fields.ts: the emulator imports nothing outside src/emulator'],
    ['the definition importing a layer above', 'src/definition/extra.ts', "import type { CloudTarget } from '../cloud/target.js';",
      'src/definition/extra.ts imports src/cloud/target.ts: src/definition imports no layer above it'],
    ['the definition reading files', 'src/definition/extra.ts', "import { readFile } from 'node:fs/promises';",
      'src/definition/extra.ts imports node:fs/promises: src/definition does no I/O'],
    ['the definition reading the environment', 'src/definition/extra.ts', 'export const region = process.env.REGION;',
      'src/definition/extra.ts reads or writes the process (process.env): src/definition does no I/O'],
    ['a cycle between folders', 'src/cloud/extra.ts', "export { runCreate } from '../cli/create-flow.js';",
      'import cycle between folders: cli → cloud → cli'],
  ])('fails on %s', (_title, path, text, violation) => {
    expect(architectureViolations(withFile(path, text))).toContain(violation);
  });
});
