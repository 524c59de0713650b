import { createHash } from 'node:crypto';
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import { fcErrors } from './errors.js';

const MAX_ZIP_BYTES = 100 * 1024 * 1024;

/** Unpacks a function's base64 zip into its own directory, refusing entries that would escape it. */
export async function unpackCode(zipBase64: string, codeRoot: string): Promise<{ codeDir: string; codeSize: number; codeChecksum: string }> {
  const zip = Buffer.from(zipBase64, 'base64');
  if (zip.length === 0) throw fcErrors.invalidArgument('code.zipFile is empty or not base64.');
  if (zip.length > MAX_ZIP_BYTES) throw fcErrors.codeTooLarge(zip.length, MAX_ZIP_BYTES);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(zip.buffer, zip.byteOffset, zip.length));
  } catch (err) {
    throw fcErrors.invalidArgument(`code.zipFile is not a valid zip archive (${err instanceof Error ? err.message : String(err)}).`);
  }
  const codeChecksum = createHash('sha256').update(zip).digest('hex').slice(0, 20);
  const codeDir = resolve(codeRoot, codeChecksum);
  await rm(codeDir, { recursive: true, force: true });
  await mkdir(codeDir, { recursive: true });
  for (const [name, data] of Object.entries(entries)) {
    if (name.endsWith('/')) continue;
    const target = resolve(codeDir, name);
    if (!target.startsWith(codeDir + sep)) throw fcErrors.invalidArgument(`The code package holds an entry outside its root: ${JSON.stringify(name)}.`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
  return { codeDir, codeSize: zip.length, codeChecksum };
}

export function codeRootFor(dataDir: string, serviceName: string, functionName: string): string {
  return join(dataDir, 'fc-code', serviceName, functionName);
}
