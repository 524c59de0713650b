import type { ConnectorDefinition } from '../definition/definition.js';
import type { ExportedObject } from '../deploy/exported-objects.js';
import type { SinkRecord } from '../sink/record.js';
import { formatAge, formatBytes } from './durations.js';

/** `kafka-oss objects` as text: a table of the newest objects, then the newest one's last records, one JSON line each. */
export function objectsText(view: {
  definition: Pick<ConnectorDefinition, 'name' | 'bucket' | 'sourceTopic'>;
  objects: readonly ExportedObject[];
  records: readonly SinkRecord[];
  limit: number;
  partition?: number;
  now?: number;
}): string {
  const { definition, objects, records } = view;
  const where = `oss://${definition.bucket}/${definition.name}/ (${definition.sourceTopic}${view.partition !== undefined ? `, partition ${view.partition}` : ''})`;
  if (objects.length === 0) return `No objects exported yet under ${where}.\n`;
  const now = view.now ?? Date.now();
  const shown = objects.slice(0, view.limit);
  const rows = [
    ['OBJECT', 'PARTITION', 'FIRST OFFSET', 'SIZE', 'AGE'],
    ...shown.map((o) => [o.name, String(o.partition), String(o.firstOffset), formatBytes(o.size), formatAge(now - Date.parse(o.lastModified))]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows.map((r) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd()).join('\n');
  const more = objects.length > shown.length ? ` (the newest ${shown.length}; --limit shows more)` : '';
  const head = `${objects.length} object${objects.length === 1 ? '' : 's'} under ${where}, newest first${more}:\n${table}\n`;
  if (records.length === 0) return head;
  const lines = records.map((r) => `  ${JSON.stringify(r)}`).join('\n');
  return `${head}\nLast ${records.length} record${records.length === 1 ? '' : 's'} of ${objects[0]!.name}:\n${lines}\n`;
}
