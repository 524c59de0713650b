import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

/** topic → partition → committed offset */
export type GroupOffsets = Map<string, Map<number, CommittedOffset>>;

/** Committed offsets per consumer group, one JSON file per group under <dataDir>/groups, replaced atomically. */
export class OffsetStore {
  private readonly root: string;
  private readonly groups = new Map<string, GroupOffsets>();

  constructor(dataDir: string) {
    this.root = join(dataDir, 'groups');
    mkdirSync(this.root, { recursive: true });
    for (const file of readdirSync(this.root)) {
      if (!file.endsWith('.json')) continue;
      const groupId = decodeURIComponent(file.slice(0, -'.json'.length));
      const saved = JSON.parse(readFileSync(join(this.root, file), 'utf8')) as Record<string, Record<string, CommittedOffset>>;
      const offsets: GroupOffsets = new Map();
      for (const [topic, partitions] of Object.entries(saved)) {
        offsets.set(topic, new Map(Object.entries(partitions).map(([p, c]) => [Number(p), c])));
      }
      this.groups.set(groupId, offsets);
    }
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  get(groupId: string): GroupOffsets | undefined {
    return this.groups.get(groupId);
  }

  commit(groupId: string, entries: { topic: string; partition: number; committed: CommittedOffset }[]): void {
    let offsets = this.groups.get(groupId);
    if (!offsets) this.groups.set(groupId, (offsets = new Map()));
    for (const { topic, partition, committed } of entries) {
      let partitions = offsets.get(topic);
      if (!partitions) offsets.set(topic, (partitions = new Map()));
      partitions.set(partition, committed);
    }
    this.save(groupId, offsets);
  }

  /** Forgets a deleted topic's offsets in every group. */
  forgetTopic(topic: string): void {
    for (const [groupId, offsets] of this.groups) if (offsets.delete(topic)) this.save(groupId, offsets);
  }

  delete(groupId: string): boolean {
    const existed = this.groups.delete(groupId);
    const path = this.fileOf(groupId);
    if (existsSync(path)) rmSync(path);
    return existed;
  }

  private save(groupId: string, offsets: GroupOffsets): void {
    const plain: Record<string, Record<string, CommittedOffset>> = {};
    for (const [topic, partitions] of offsets) plain[topic] = Object.fromEntries(partitions);
    const path = this.fileOf(groupId);
    writeFileSync(`${path}.tmp`, JSON.stringify(plain));
    renameSync(`${path}.tmp`, path);
  }

  private fileOf(groupId: string): string {
    // encodeURIComponent leaves '.', so "." or ".." would still be path segments
    return join(this.root, `${encodeURIComponent(groupId).replace(/\./g, '%2E')}.json`);
  }
}
