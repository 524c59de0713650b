import type { FileHandle } from 'node:fs/promises';

/**
 * One object (or multipart part) per file: `[FF FF FF FF][body][meta JSON][4-byte meta length]`. The body is
 * streamed to disk as it arrives and the metadata (size, ETag) appended once it is known. Files written before
 * this layout are `[4-byte meta length][meta JSON][body]`; the first four bytes tell them apart (a meta length
 * is never 0xFFFFFFFF), and both are read.
 */
export const MARKER = Buffer.from([0xff, 0xff, 0xff, 0xff]);

export interface Layout<M> {
  meta: M;
  /** Offset of the body's first byte in the file. */
  bodyStart: number;
}

/** The metadata trailer that ends a file. */
export function trailerOf(meta: object): Buffer[] {
  const metaBytes = Buffer.from(JSON.stringify(meta));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(metaBytes.length);
  return [metaBytes, length];
}

/** Reads where a file's body is and its metadata; undefined for a file too short to be one (a torn write). */
export async function readLayout<M>(handle: FileHandle): Promise<Layout<M> | undefined> {
  const { size } = await handle.stat();
  const head = await readAt(handle, 4, 0);
  if (!head) return undefined;
  if (head.equals(MARKER)) {
    const tail = size >= 8 ? await readAt(handle, 4, size - 4) : undefined;
    const metaLength = tail?.readUInt32BE(0) ?? Infinity;
    const metaBytes = metaLength <= size - 8 ? await readAt(handle, metaLength, size - 4 - metaLength) : undefined;
    return metaBytes ? { meta: JSON.parse(metaBytes.toString('utf8')) as M, bodyStart: MARKER.length } : undefined;
  }
  const metaLength = head.readUInt32BE(0);
  const metaBytes = await readAt(handle, metaLength, 4);
  return metaBytes ? { meta: JSON.parse(metaBytes.toString('utf8')) as M, bodyStart: 4 + metaLength } : undefined;
}

async function readAt(handle: FileHandle, length: number, position: number): Promise<Buffer | undefined> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) return undefined;
    filled += bytesRead;
  }
  return buffer;
}
