import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIoError, LogStorageError } from './log-files.js';

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

/** topic → partition → committed offset */
export type GroupOffsets = Map<string, Map<number, CommittedOffset>>;

type SavedOffsets = Record<string, Record<string, CommittedOffset>>;

/** What a group's file holds: the id itself, since the file name is only its hash. */
interface GroupFile {
  groupId: string;
  offsets: SavedOffsets;
}

/**
 * Committed offsets per consumer group, one JSON file per group under <dataDir>/groups, replaced atomically.
 * A file is named by the SHA-256 of the group id: Kafka allows any string up to 32 767 bytes, which as a
 * file name would be too long (ENAMETOOLONG) or not a name at all. Files of earlier versions, named by the
 * percent-encoded id and holding the offsets alone, are still read and replaced on the group's next commit.
 */
export class OffsetStore {
  private readonly root: string;
  private readonly groups = new Map<string, GroupOffsets>();
  /** Groups read from a file of the earlier naming, which their next save removes. */
  private readonly legacyFiles = new Map<string, string>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'groups');
    mkdirSync(this.root, { recursive: true });
    const files = readdirSync(this.root).filter((f) => f.endsWith('.json'));
    // hashed files last: where a crash left both, the newer format wins
    for (const file of files.sort((a, b) => Number(isHashedName(a)) - Number(isHashedName(b)))) this.load(file);
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  get(groupId: string): GroupOffsets | undefined {
    return this.groups.get(groupId);
  }

  /** Stores the offsets; throws LogStorageError, keeping the earlier ones, when they could not be written. */
  commit(groupId: string, entries: { topic: string; partition: number; committed: CommittedOffset }[]): void {
    const offsets: GroupOffsets = new Map([...(this.groups.get(groupId) ?? new Map())].map(([t, ps]) => [t, new Map(ps)]));
    for (const { topic, partition, committed } of entries) {
      let partitions = offsets.get(topic);
      if (!partitions) offsets.set(topic, (partitions = new Map()));
      partitions.set(partition, committed);
    }
    this.save(groupId, offsets);
    this.groups.set(groupId, offsets);
  }

  /** Forgets a deleted topic's offsets in every group. */
  forgetTopic(topic: string): void {
    for (const [groupId, offsets] of this.groups) {
      if (!offsets.delete(topic)) continue;
      try {
        this.save(groupId, offsets);
      } catch {
        // the topic is gone either way; a stale entry for it is harmless and goes with the next commit
      }
    }
  }

  delete(groupId: string): boolean {
    const existed = this.groups.delete(groupId);
    rmSync(this.fileOf(groupId), { force: true });
    const legacy = this.legacyFiles.get(groupId);
    if (legacy) rmSync(legacy, { force: true });
    this.legacyFiles.delete(groupId);
    return existed;
  }

  private load(file: string): void {
    const path = join(this.root, file);
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      return; // not a file this store wrote whole
    }
    if (isHashedName(file) && isGroupFile(saved)) {
      this.groups.set(saved.groupId, toOffsets(saved.offsets));
      this.legacyFiles.delete(saved.groupId);
      return;
    }
    const groupId = legacyGroupId(file);
    if (groupId === undefined || typeof saved !== 'object' || saved === null) return;
    this.groups.set(groupId, toOffsets(saved as SavedOffsets));
    this.legacyFiles.set(groupId, path);
  }

  private save(groupId: string, offsets: GroupOffsets): void {
    const plain: SavedOffsets = {};
    for (const [topic, partitions] of offsets) plain[topic] = Object.fromEntries(partitions);
    const path = this.fileOf(groupId);
    try {
      writeFileSync(`${path}.tmp`, JSON.stringify({ groupId, offsets: plain } satisfies GroupFile));
      renameSync(`${path}.tmp`, path);
    } catch (err) {
      throw new LogStorageError(`could not store the offsets of group ${JSON.stringify(groupId)}: ${describeIoError(err)}`, { cause: err });
    }
    const legacy = this.legacyFiles.get(groupId);
    if (legacy) {
      rmSync(legacy, { force: true });
      this.legacyFiles.delete(groupId);
    }
  }

  private fileOf(groupId: string): string {
    return join(this.root, `${createHash('sha256').update(groupId, 'utf8').digest('hex')}.json`);
  }
}

const isHashedName = (file: string) => /^[0-9a-f]{64}\.json$/.test(file);

function isGroupFile(v: unknown): v is GroupFile {
  return typeof v === 'object' && v !== null && typeof (v as GroupFile).groupId === 'string' && typeof (v as GroupFile).offsets === 'object';
}

/** The group id an earlier version encoded in the file name (encodeURIComponent, '.' as %2E). */
function legacyGroupId(file: string): string | undefined {
  try {
    return decodeURIComponent(file.slice(0, -'.json'.length));
  } catch {
    return undefined;
  }
}

function toOffsets(saved: SavedOffsets): GroupOffsets {
  return new Map(Object.entries(saved).map(([topic, partitions]) => [topic, new Map(Object.entries(partitions).map(([p, c]) => [Number(p), c]))]));
}
