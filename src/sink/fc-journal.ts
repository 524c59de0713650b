import { createHash } from 'node:crypto';
import { OssError, type OssBucketClient } from '../cloud/oss.js';
import type { ObjectWriter } from './object-writer.js';

/**
 * Exactly once in FC without trusting EventBridge's batch boundaries.
 *
 * The Kafka trigger commits after the handler returns, and retries a failed batch — but a retry need not be
 * the same batch: EventBridge may re-form batches, and with errorsTolerance ALL it skips past records it gave
 * up on (to the dead-letter queue). A replay can therefore start inside an object an earlier, failed
 * invocation had already written; naming by first offset alone would then export those offsets twice.
 *
 * So each partition keeps a small journal object in the bucket: the last offset known to be exported, and the
 * object being written right now (its name, offsets and MD5), recorded before its PUT. An invocation reads the
 * journal first: when the pending object is there with that MD5 it landed, and everything up to its last offset
 * is exported; when an object of that name is there with another body (an older attempt of the same first
 * offset), its own last record says how far it goes. Records up to that offset are already in OSS and are
 * skipped; the rest are written as new objects. Cost per invocation and partition: one GET, one HEAD when a
 * write was recorded, and one small PUT per object written.
 */
export interface JournalState {
  /** The last offset of the partition known to be in an object; -1 for none. */
  exportedThrough: number;
  /** The object whose PUT was about to start. */
  pending?: { name: string; firstOffset: number; lastOffset: number; md5: string };
}

export function journalName(prefix: string, topic: string, partition: number): string {
  return `${prefix}.kafka-oss/journal/${topic}/${partition}.json`;
}

/** How far a partition is exported, from its journal and (when a write was under way) the object itself. */
export async function exportedThrough(oss: OssBucketClient, journal: string): Promise<number> {
  const state = await readJournal(oss, journal);
  if (!state?.pending) return state?.exportedThrough ?? -1;
  const { pending } = state;
  const found = await oss.head(pending.name);
  if (!found) return state.exportedThrough;
  if (found.etag.replace(/"/g, '').toLowerCase() === pending.md5) return Math.max(state.exportedThrough, pending.lastOffset);
  return Math.max(state.exportedThrough, lastOffsetIn(await oss.get(pending.name), pending.name));
}

async function readJournal(oss: OssBucketClient, journal: string): Promise<JournalState | undefined> {
  let text: string;
  try {
    text = (await oss.get(journal)).toString('utf8');
  } catch (err) {
    if (err instanceof OssError && err.kind === 'no-such-key') return undefined;
    throw err;
  }
  const state = JSON.parse(text) as JournalState;
  if (!Number.isSafeInteger(state.exportedThrough)) throw new Error(`${journal} is not a kafka-oss journal`);
  return state;
}

/** The offset of an exported object's last record (objects are JSON arrays, one record per line). */
function lastOffsetIn(body: Buffer, name: string): number {
  const records = JSON.parse(body.toString('utf8')) as Array<{ offset: number }>;
  const last = records.at(-1);
  if (!last || !Number.isSafeInteger(last.offset)) throw new Error(`${name} holds no records`);
  return last.offset;
}

/**
 * An ObjectWriter that records each object in the partition's journal before writing it, starting from
 * `exported` (what exportedThrough found).
 */
export function journaledWriter(inner: ObjectWriter, oss: OssBucketClient, journal: string, exported: number): ObjectWriter {
  let through = exported;
  return {
    async write(name, body, cancel, range) {
      if (!range) throw new Error(`journaled write of ${name} needs its offsets`);
      const md5 = createHash('md5').update(body).digest('hex');
      const state: JournalState = { exportedThrough: through, pending: { name, firstOffset: range.firstOffset, lastOffset: range.lastOffset, md5 } };
      await inner.write(journal, Buffer.from(`${JSON.stringify(state)}\n`), cancel);
      await inner.write(name, body, cancel, range);
      through = range.lastOffset;
    },
  };
}
