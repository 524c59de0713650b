import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ConnectorDefinition } from '../definition/definition.js';
import { parseDefinitionFile, serializeDefinition, type ParsedDefinitionFile } from '../definition/definition-file.js';

/** Reads and parses a definition file; a file that cannot be read is a problem like any other. */
export async function readDefinitionFile(path: string): Promise<ParsedDefinitionFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT'
      ? `${path}: no such file here (${process.cwd()}); run \`kafka-oss create\` first, or give --from-file`
      : `${path}: cannot read the definition (${code ?? (err instanceof Error ? err.message : String(err))})`;
    return { path, input: {}, problems: [problem] };
  }
  return parseDefinitionFile(text, path);
}

/** Writes the file atomically: a temporary file beside it, flushed, then renamed over. */
export async function writeDefinitionFile(path: string, definition: ConnectorDefinition): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const handle = await open(temp, 'w', 0o644);
  try {
    await handle.writeFile(serializeDefinition(definition));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
