import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../atomic-write.js';
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

/** Writes the file atomically (src/atomic-write.ts): readers see the old definition or the new one. */
export async function writeDefinitionFile(path: string, definition: ConnectorDefinition): Promise<void> {
  await writeFileAtomically(path, serializeDefinition(definition), 0o644);
}
