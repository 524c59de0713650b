import type { ConnectorProgress } from '../deploy/progress.js';
import { formatAge } from './durations.js';

const BAR_WIDTH = 24;

/** A lag bar: full at `scale` (the largest lag the watch has seen), empty when caught up. */
export function lagBar(lag: number | null, scale: number): string {
  if (lag === null) return ' '.repeat(BAR_WIDTH + 2);
  const filled = lag <= 0 ? 0 : Math.max(1, Math.round((Math.min(lag, scale) / Math.max(scale, 1)) * BAR_WIDTH));
  return `[${'█'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}]`;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd()).join('\n');
}

/**
 * The progress of a connector as a table: per partition its end offset, the task group's committed offset, the
 * lag and the last exported object with its age; totals under it. `bars` adds a lag bar per partition (watch).
 */
export function progressText(progress: ConnectorProgress, taskGroup: string, view: { bars?: { scale: number }; recordsPerSecond?: number } = {}): string {
  const dash = '—';
  const head = ['PARTITION', 'END OFFSET', 'COMMITTED', 'LAG', ...(view.bars ? [''] : []), 'LAST OBJECT', 'AGE'];
  const rows = progress.partitions.map((p) => [
    String(p.partition),
    String(p.highWatermark),
    p.committedOffset === null ? dash : String(p.committedOffset),
    p.lag === null ? dash : String(p.lag),
    ...(view.bars ? [lagBar(p.lag, view.bars.scale)] : []),
    p.lastObject?.name ?? dash,
    p.lastObject ? formatAge(p.lastObject.ageMs) : dash,
  ]);
  const t = progress.totals;
  const total = ['total', String(t.highWatermark), String(t.committedOffset), String(t.lag), ...(view.bars ? [''] : []), '', ''];
  const rate = view.recordsPerSecond === undefined ? '' : `, ${Math.round(view.recordsPerSecond)} records/s`;
  const title = `Progress of ${taskGroup} (group ${progress.groupState}, trigger ${progress.trigger}${rate}) at ${new Date(progress.at).toISOString()}:`;
  return `${title}\n${table([head, ...rows, total])}\n`;
}
