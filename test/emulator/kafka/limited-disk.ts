import { nodeLogFiles, type LogFiles } from '../../../src/emulator/kafka/index.js';

function ioError(code: 'ENOSPC' | 'EIO', syscall: string): Error {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'i/o error';
  return Object.assign(new Error(`${code}: ${text}, ${syscall}`), { code, syscall });
}

/**
 * The real files behind a disk with `free` bytes left: a write that grows files past it writes what fits and
 * then fails with ENOSPC, as write(2) does on a full file system; truncating gives the space back.
 */
export class LimitedDisk implements LogFiles {
  free = Number.POSITIVE_INFINITY;
  failReads = false;
  failTruncates = false;

  open = nodeLogFiles.open;
  size = nodeLogFiles.size;
  close = nodeLogFiles.close;

  read(fd: number, into: Buffer, offset: number, length: number, position: number): number {
    if (this.failReads) throw ioError('EIO', 'read');
    return nodeLogFiles.read(fd, into, offset, length, position);
  }

  write(fd: number, data: Buffer, offset: number, length: number, position: number): number {
    const sizeBefore = nodeLogFiles.size(fd);
    const growth = Math.max(0, position + length - sizeBefore);
    const fits = growth <= this.free ? length : length - (growth - this.free);
    if (fits <= 0) throw ioError('ENOSPC', 'write');
    const written = nodeLogFiles.write(fd, data, offset, fits, position);
    this.free -= Math.max(0, position + written - sizeBefore);
    return written;
  }

  truncate(fd: number, size: number): void {
    if (this.failTruncates) throw ioError('EIO', 'ftruncate');
    const before = nodeLogFiles.size(fd);
    nodeLogFiles.truncate(fd, size);
    this.free += Math.max(0, before - size);
  }
}
