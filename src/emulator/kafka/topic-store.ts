import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeIoError, LogStorageError, type LogFiles } from './log-files.js';
import { PartitionLog } from './partition-log.js';
import { configProblem, TOPIC_CONFIGS, topicNameProblem } from './topic-configs.js';

export interface Topic {
  name: string;
  /** Only the configs set on the topic; defaults live in topic-configs.ts. */
  configs: Record<string, string>;
  partitions: PartitionLog[];
}

export class TopicError extends Error {
  constructor(
    readonly code: 'exists' | 'invalid-name' | 'invalid-partitions' | 'invalid-config' | 'unknown',
    message: string,
  ) {
    super(message);
    this.name = 'TopicError';
  }
}

const META_FILE = 'topic.json';
const MAX_PARTITIONS = 1000;

/** Topics on disk: <dataDir>/topics/<name>/topic.json and one directory of segments per partition. */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  private readonly root: string;

  constructor(
    dataDir: string,
    private readonly files?: LogFiles,
  ) {
    this.root = join(dataDir, 'topics');
    mkdirSync(this.root, { recursive: true });
    for (const name of readdirSync(this.root)) {
      const metaPath = join(this.root, name, META_FILE);
      if (!existsSync(metaPath)) continue;
      const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { partitions: number; configs: Record<string, string> };
      const logs: PartitionLog[] = [];
      try {
        openPartitions(join(this.root, name), meta.partitions, meta.configs, files, logs);
      } catch (err) {
        for (const log of logs) log.close();
        this.close();
        throw err;
      }
      this.topics.set(name, { name, configs: meta.configs, partitions: logs });
    }
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  list(): Topic[] {
    return [...this.topics.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every problem with a create request, or an empty list. */
  validate(name: string, partitions: number, configs: Record<string, string | null>): TopicError[] {
    const problems: TopicError[] = [];
    const nameProblem = topicNameProblem(name);
    if (nameProblem) problems.push(new TopicError('invalid-name', nameProblem));
    else if (this.topics.has(name)) problems.push(new TopicError('exists', `topic ${JSON.stringify(name)} already exists`));
    if (!Number.isInteger(partitions) || partitions < 1 || partitions > MAX_PARTITIONS) {
      problems.push(new TopicError('invalid-partitions', `partitions must be an integer from 1 to ${MAX_PARTITIONS}, got ${partitions}`));
    }
    for (const [key, value] of Object.entries(configs)) {
      const problem = configProblem(key, value);
      if (problem) problems.push(new TopicError('invalid-config', problem));
    }
    return problems;
  }

  /**
   * Creates the topic's directory, partition logs and topic.json. When any of it fails (a full disk, no file
   * descriptors left) nothing stays: the logs opened so far are closed and the directory is removed, and the
   * error is a LogStorageError, as Kafka's LogManager.getOrCreateLog turns an IOException into a
   * KafkaStorageException.
   */
  create(name: string, partitions: number, configs: Record<string, string | null> = {}): Topic {
    const problem = this.validate(name, partitions, configs)[0];
    if (problem) throw problem;
    const set = Object.fromEntries(Object.entries(configs).filter((e): e is [string, string] => e[1] !== null));
    const dir = join(this.root, name);
    const logs: PartitionLog[] = [];
    try {
      mkdirSync(dir, { recursive: true });
      openPartitions(dir, partitions, set, this.files, logs);
      // topic.json written last (atomically): a directory without it is an unfinished create and is ignored
      const tmp = join(dir, `${META_FILE}.tmp`);
      writeFileSync(tmp, JSON.stringify({ partitions, configs: set }));
      renameSync(tmp, join(dir, META_FILE));
    } catch (err) {
      for (const log of logs) log.close();
      rmSync(dir, { recursive: true, force: true });
      throw err instanceof LogStorageError ? err : new LogStorageError(`could not create topic ${name}: ${describeIoError(err)}`, { cause: err });
    }
    const topic: Topic = { name, configs: set, partitions: logs };
    this.topics.set(name, topic);
    return topic;
  }

  delete(name: string): void {
    const topic = this.topics.get(name);
    if (!topic) throw new TopicError('unknown', `topic ${JSON.stringify(name)} does not exist`);
    this.topics.delete(name);
    for (const p of topic.partitions) p.close();
    rmSync(join(this.root, name), { recursive: true, force: true });
  }

  /** Applies retention.ms / retention.bytes to topics whose cleanup.policy includes delete. */
  enforceRetention(now: number): { topic: string; partition: number; segments: number }[] {
    const removed: { topic: string; partition: number; segments: number }[] = [];
    for (const topic of this.topics.values()) {
      if (!configOf(topic.configs, 'cleanup.policy').split(',').some((p) => p.trim() === 'delete')) continue;
      const rule = { now, retentionMs: Number(configOf(topic.configs, 'retention.ms')), retentionBytes: Number(configOf(topic.configs, 'retention.bytes')) };
      topic.partitions.forEach((log, partition) => {
        const segments = log.enforceRetention(rule);
        if (segments > 0) removed.push({ topic: topic.name, partition, segments });
      });
    }
    return removed;
  }

  close(): void {
    for (const topic of this.topics.values()) for (const p of topic.partitions) p.close();
    this.topics.clear();
  }
}

export function configOf(configs: Record<string, string>, name: string): string {
  return configs[name] ?? TOPIC_CONFIGS[name]!.default;
}

/** Opens each partition's log into `into`, so that a failure part-way leaves the caller what to close. */
function openPartitions(dir: string, count: number, configs: Record<string, string>, files: LogFiles | undefined, into: PartitionLog[]): void {
  const segmentBytes = Number(configOf(configs, 'segment.bytes'));
  for (let p = 0; p < count; p++) into.push(PartitionLog.open(join(dir, String(p)), { segmentBytes, files }));
}
