import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * The file operations of a partition log's segments. Writes are positional (the file is not opened in append
 * mode), so a write that failed half-way is overwritten by the next one instead of left in the middle of the
 * log. Tests pass their own implementation to inject disk faults (ENOSPC, EIO).
 */
export interface LogFiles {
  /** Opens for reading and writing, creating the file when missing and never truncating it. */
  open(path: string): number;
  size(fd: number): number;
  read(fd: number, into: Buffer, offset: number, length: number, position: number): number;
  write(fd: number, data: Buffer, offset: number, length: number, position: number): number;
  truncate(fd: number, size: number): void;
  close(fd: number): void;
}

export const nodeLogFiles: LogFiles = {
  open: (path) => openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644),
  size: (fd) => fstatSync(fd).size,
  read: (fd, into, offset, length, position) => readSync(fd, into, offset, length, position),
  write: (fd, data, offset, length, position) => writeSync(fd, data, offset, length, position),
  truncate: (fd, size) => ftruncateSync(fd, size),
  close: (fd) => closeSync(fd),
};

/**
 * A failed read or write of a partition's files. Kafka answers KAFKA_STORAGE_ERROR for the partition
 * (UnifiedLog.maybeHandleIOException wraps the IOException in KafkaStorageException); the connection stays.
 */
export class LogStorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LogStorageError';
  }
}

export function describeIoError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  return code && !err.message.startsWith(code) ? `${code}: ${err.message}` : err.message;
}
