import { messageOf } from '../errors.js';
import type { ConnectorProgress } from '../deploy/progress.js';
import { progressText } from './progress-text.js';

/** What one refresh of `describe --watch` shows. */
export interface WatchFrame {
  progress: ConnectorProgress;
  /** Records exported per second since the previous refresh (committed offsets' growth); undefined on the first. */
  recordsPerSecond?: number;
}

/** The records/s between two refreshes: how fast the task group's committed offsets grew. */
export function exportRate(previous: ConnectorProgress | undefined, current: ConnectorProgress): number | undefined {
  if (!previous || current.at <= previous.at) return undefined;
  return Math.max(0, current.totals.committedOffset - previous.totals.committedOffset) / ((current.at - previous.at) / 1000);
}

/**
 * `describe --watch`: reads the progress every `intervalMs` until `signal` aborts. On a terminal each frame replaces
 * the last (a lag bar per partition, scaled to the largest lag seen, and records/s); with JSON, one object per line.
 */
export async function watchProgress(opts: {
  read: (lastFirstOffsets: ReadonlyMap<number, number>) => Promise<ConnectorProgress>;
  taskGroup: string;
  /** The connector's line, at the top of each terminal frame. */
  heading: string;
  intervalMs: number;
  json: boolean;
  out: NodeJS.WritableStream & { isTTY?: boolean };
  signal: AbortSignal;
}): Promise<void> {
  let previous: ConnectorProgress | undefined;
  let scale = 1;
  const lastFirstOffsets = new Map<number, number>();
  while (!opts.signal.aborted) {
    try {
      const progress = await opts.read(lastFirstOffsets);
      for (const p of progress.partitions) if (p.lastObject) lastFirstOffsets.set(p.partition, p.lastObject.firstOffset);
      const recordsPerSecond = exportRate(previous, progress);
      previous = progress;
      scale = Math.max(scale, ...progress.partitions.map((p) => p.lag ?? 0));
      opts.out.write(opts.json ? `${JSON.stringify({ ...progress, recordsPerSecond: recordsPerSecond ?? null })}\n` : frame(opts.heading, progress, opts.taskGroup, scale, recordsPerSecond, opts.out.isTTY));
    } catch (err) {
      if (!previous) throw err;
      opts.out.write(opts.json ? `${JSON.stringify({ error: messageOf(err) })}\n` : `refresh failed: ${messageOf(err)} (trying again)\n`);
    }
    await pause(opts.intervalMs, opts.signal);
  }
}

function frame(heading: string, progress: ConnectorProgress, taskGroup: string, scale: number, recordsPerSecond: number | undefined, tty: boolean | undefined): string {
  const text = `${heading}\n${progressText(progress, taskGroup, { bars: { scale }, recordsPerSecond: recordsPerSecond ?? 0 })}`;
  // cursor home and clear: each refresh replaces the last on a terminal; a pipe gets the frames one after another
  return tty ? `\x1b[H\x1b[2J${text}\n(Ctrl-C to stop)\n` : `${text}\n`;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
