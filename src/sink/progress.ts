import type { SinkProgress } from './runner.js';

/** One status line: throughput and lag per partition (the live line on a TTY). */
export function progressLine(p: SinkProgress): string {
  const lag = p.partitions.map((q) => `${q.partition}:${q.stoppedAt !== undefined ? `stopped@${q.stoppedAt}` : q.lag}`).join(' ');
  return `${p.topic}: ${p.records} records, ${p.objects} objects, ${p.recordsPerSecond} rec/s, ${formatBytes(p.bytesPerSecond)}/s, lag ${lag}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
