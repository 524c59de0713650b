import type { FileHandle } from 'node:fs/promises';

/** How many of `wanted` bytes the disk takes now: all of them, unless a test made it "fill up" (OssFaults). */
export type DiskGate = (wanted: number) => number;

/** The error a full disk gives a write, as Node reports it. */
export function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
}

/**
 * Every byte the store writes goes through here: writev until all is down (one writev may write less),
 * and if the gate lets only part through, that part is written and the write fails with ENOSPC — as a
 * disk that fills up mid-write does, leaving a partial file behind for the caller to remove.
 */
export async function writeAll(handle: FileHandle, buffers: readonly Buffer[], gate: DiskGate): Promise<void> {
  const wanted = buffers.reduce((total, b) => total + b.length, 0);
  const allowed = Math.max(0, Math.min(wanted, gate(wanted)));
  let pending = allowed === wanted ? buffers.filter((b) => b.length > 0) : firstBytes(buffers, allowed);
  while (pending.length > 0) {
    let { bytesWritten } = await handle.writev(pending);
    const rest: Buffer[] = [];
    for (const b of pending) {
      if (bytesWritten >= b.length) bytesWritten -= b.length;
      else {
        rest.push(b.subarray(bytesWritten));
        bytesWritten = 0;
      }
    }
    pending = rest;
  }
  if (allowed < wanted) throw diskFull();
}

function firstBytes(buffers: readonly Buffer[], count: number): Buffer[] {
  const out: Buffer[] = [];
  for (const b of buffers) {
    if (count <= 0) break;
    out.push(b.subarray(0, Math.min(b.length, count)));
    count -= b.length;
  }
  return out.filter((b) => b.length > 0);
}
