import type { OssBucketClient, OssObjectSummary } from '../cloud/oss.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import { partitionFolder } from '../sink/naming.js';
import type { SinkRecord } from '../sink/record.js';
import { connectorPrefix } from './verify.js';

/** One object the sink exported: where it sits in the topic, and when it was written. */
export interface ExportedObject {
  name: string;
  topic: string;
  partition: number;
  firstOffset: number;
  size: number;
  /** As OSS lists it (ISO 8601, to the second). */
  lastModified: string;
}

/** `…/{topic}/{partition}/{firstOffset:020}.json` at the end of every layout of src/sink/naming.ts, time paths included. */
const EXPORT_NAME = /(?:^|\/)([^/]+)\/(\d+)\/(\d{20})\.json$/;

/** The sink's own files (the FC host's journals, src/sink/fc-journal.ts) live under `<prefix>.kafka-oss/`: they are not exports. */
const journalFolder = (prefix: string) => `${prefix}.kafka-oss/`;

/** The export an object name stands for; undefined for the journals and anything the sink did not name. */
export function exportedObjectOf(prefix: string, summary: OssObjectSummary): ExportedObject | undefined {
  if (!summary.name.startsWith(prefix) || summary.name.startsWith(journalFolder(prefix))) return undefined;
  const match = EXPORT_NAME.exec(summary.name.slice(prefix.length));
  if (!match) return undefined;
  return {
    name: summary.name,
    topic: match[1]!,
    partition: Number(match[2]),
    firstOffset: Number(match[3]),
    size: summary.size,
    lastModified: summary.lastModified,
  };
}

/**
 * Newest first: by write time, and within one second (OSS lists times to the second) by first offset, which
 * orders the objects of one partition exactly.
 */
export function newestFirst(a: ExportedObject, b: ExportedObject): number {
  const byTime = Date.parse(b.lastModified) - Date.parse(a.lastModified);
  if (byTime !== 0 && Number.isFinite(byTime)) return byTime;
  return b.firstOffset - a.firstOffset || b.partition - a.partition;
}

/** The connector's exported objects of its source topic (one partition, or all), newest first. */
export async function listExportedObjects(
  oss: Pick<OssBucketClient, 'listAll'>,
  definition: Pick<ConnectorDefinition, 'name' | 'sourceTopic'>,
  filter: { partition?: number } = {},
): Promise<ExportedObject[]> {
  const prefix = connectorPrefix(definition);
  const objects: ExportedObject[] = [];
  for (const summary of await oss.listAll(prefix)) {
    const exported = exportedObjectOf(prefix, summary);
    if (!exported || exported.topic !== definition.sourceTopic) continue;
    if (filter.partition !== undefined && exported.partition !== filter.partition) continue;
    objects.push(exported);
  }
  return objects.sort(newestFirst);
}

/** The newest exported object of each partition (by offset: the partition's latest export). */
export function newestByPartition(objects: readonly ExportedObject[]): Map<number, ExportedObject> {
  const newest = new Map<number, ExportedObject>();
  for (const object of objects) {
    const known = newest.get(object.partition);
    if (!known || object.firstOffset > known.firstOffset) newest.set(object.partition, object);
  }
  return newest;
}

/** The last `count` records of an exported object (a JSON array, one record per line). */
export async function lastRecords(oss: Pick<OssBucketClient, 'get'>, objectName: string, count: number): Promise<SinkRecord[]> {
  if (count <= 0) return [];
  const records = JSON.parse((await oss.get(objectName)).toString('utf8')) as SinkRecord[];
  if (!Array.isArray(records)) throw new Error(`oss object ${objectName} is not a JSON array of records`);
  return records.slice(-count);
}

/**
 * The last object exported from one partition (the greatest first offset in its folder, time path "none" as deploy
 * configures the function). Names sort by offset, so a listing from a marker finds it without reading the whole
 * folder: `fromOffset` is a guess at or below its first offset (the previous answer, or the committed offset less
 * an object's worth); a guess past it lists nothing newer, and the folder is then read from its start.
 */
export async function newestInPartition(
  oss: Pick<OssBucketClient, 'list'>,
  definition: Pick<ConnectorDefinition, 'name' | 'sourceTopic'>,
  partition: number,
  fromOffset = 0,
): Promise<ExportedObject | undefined> {
  const prefix = connectorPrefix(definition);
  const folder = partitionFolder({ prefix, timePath: 'none' }, definition.sourceTopic, partition);
  const newestFrom = async (marker: string | undefined) => {
    let newest: ExportedObject | undefined;
    let next = marker;
    do {
      const page = await oss.list(folder, next ? { marker: next } : {});
      for (const summary of page.objects) {
        const exported = exportedObjectOf(prefix, summary);
        if (exported && exported.partition === partition && (!newest || exported.firstOffset > newest.firstOffset)) newest = exported;
      }
      next = page.nextMarker;
    } while (next);
    return newest;
  };
  // the name just before the guess's, so that an object starting at the guess is listed
  const marker = fromOffset > 0 ? `${folder}${String(fromOffset - 1).padStart(20, '0')}.json` : undefined;
  return (await newestFrom(marker)) ?? (marker ? newestFrom(undefined) : undefined);
}
