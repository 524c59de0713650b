import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';

/**
 * Directories and files that hold secrets (the local AccessKey, deployed functions' environment with the
 * connector's AccessKey secret) are for the user alone: directories 0700, files 0600 — also when an
 * older version left them looser.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(path, PRIVATE_DIR_MODE);
}

export function privateDirSync(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(path, PRIVATE_DIR_MODE);
}

/** Tightens an existing file to 0600; a file not there yet is fine. */
export function privateFileModeSync(path: string): void {
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Replaces `path` atomically by a 0600 file: a fresh temp file (never one left behind, whatever its mode), then rename. */
export function writePrivateFileSync(path: string, data: string, sync: (tempPath: string) => void = () => {}): void {
  const temp = `${path}.tmp`;
  rmSync(temp, { force: true });
  writeFileSync(temp, data, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  sync(temp);
  renameSync(temp, path);
}
