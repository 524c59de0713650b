import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionSpec } from '../../../src/emulator/contracts.js';

/** Writes `files` into a fresh code directory and describes a function using it. */
export async function writeFunction(
  files: Record<string, string>,
  overrides: Partial<FunctionSpec> = {},
): Promise<FunctionSpec> {
  const codeDir = await mkdtemp(join(tmpdir(), 'fc-code-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(codeDir, name), content);
  return {
    serviceName: 'svc',
    functionName: `fn-${Math.random().toString(36).slice(2, 8)}`,
    codeDir,
    handler: 'index.handler',
    runtime: 'nodejs20',
    timeoutSeconds: 10,
    memorySizeMB: 128,
    environmentVariables: {},
    ...overrides,
  };
}

export function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'fc-data-'));
}
