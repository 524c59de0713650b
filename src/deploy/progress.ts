import type { ConsumerProgress } from '../cloud/alikafka.js';
import type { TriggerState } from '../cloud/fc.js';
import type { OssBucketClient } from '../cloud/oss.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import { newestInPartition } from './exported-objects.js';
import { FUNCTION_NAME, serviceNameOf, TRIGGER_NAME } from './resources.js';

/** What reading a connector's progress calls: alikafka (GetConsumerProgress, GetTopicStatus), OSS, and FC for the trigger. */
export interface ProgressSources {
  alikafka: {
    consumerProgress(instanceId: string, consumerId: string): Promise<ConsumerProgress>;
    topicEndOffsets(instanceId: string, topic: string): Promise<number[]>;
  };
  oss: Pick<OssBucketClient, 'list'>;
  /** Absent while the account (part of FC's endpoint) is not known. */
  fc?: { getTrigger(serviceName: string, functionName: string, triggerName: string): Promise<TriggerState | undefined> };
}

export interface PartitionStatus {
  partition: number;
  /** The partition's end offset: the offset the next message will get. */
  highWatermark: number;
  /** The task group's committed offset; null when it has committed nothing on this partition. */
  committedOffset: number | null;
  /** Messages not yet exported (GetConsumerProgress's Accumulate); null when nothing is committed. */
  lag: number | null;
  lastObject: { name: string; firstOffset: number; lastModified: string; ageMs: number } | null;
}

/** 'running' once EventBridge runs the event stream (FC reads triggerEnable true only then), 'not running' before or after. */
export type TriggerRun = 'running' | 'not running' | 'missing' | 'unknown';

export interface ConnectorProgress {
  /** When it was read (epoch ms). */
  at: number;
  /** The task group's state, in alikafka's names (STABLE, EMPTY, …). */
  groupState: string;
  trigger: TriggerRun;
  partitions: PartitionStatus[];
  totals: { highWatermark: number; committedOffset: number; lag: number };
}

/** How far before the committed offset the last object may start: one object's worth (the sink's default record limit). */
const OBJECT_SPAN = 10_000;

/**
 * The connector's progress per partition of its source topic: end offset, the task group's committed offset
 * and lag, and the last exported object. `lastFirstOffsets` (a watch's previous answer) lets OSS list from there.
 */
export async function readProgress(
  sources: ProgressSources,
  definition: Pick<ConnectorDefinition, 'name' | 'instanceId' | 'sourceTopic' | 'taskGroup'>,
  lastFirstOffsets: ReadonlyMap<number, number> = new Map(),
): Promise<ConnectorProgress> {
  const [progress, ends, trigger] = await Promise.all([
    sources.alikafka.consumerProgress(definition.instanceId, definition.taskGroup),
    sources.alikafka.topicEndOffsets(definition.instanceId, definition.sourceTopic),
    triggerRun(sources, definition.name),
  ]);
  const at = Date.now();
  const committed = new Map(progress.partitions.filter((p) => p.topic === definition.sourceTopic).map((p) => [p.partition, p]));
  const partitions = await Promise.all(ends.map(async (end, partition): Promise<PartitionStatus> => {
    const group = committed.get(partition);
    const guess = lastFirstOffsets.get(partition) ?? Math.max(0, (group?.consumerOffset ?? 0) - OBJECT_SPAN);
    const newest = await newestInPartition(sources.oss, definition, partition, guess);
    return {
      partition,
      highWatermark: group ? Math.max(group.brokerOffset, end) : end,
      committedOffset: group ? group.consumerOffset : null,
      lag: group ? group.accumulate : null,
      lastObject: newest ? { name: newest.name, firstOffset: newest.firstOffset, lastModified: newest.lastModified, ageMs: at - Date.parse(newest.lastModified) } : null,
    };
  }));
  const sum = (pick: (p: PartitionStatus) => number | null) => partitions.reduce((total, p) => total + (pick(p) ?? 0), 0);
  return {
    at,
    groupState: progress.state,
    trigger,
    partitions,
    totals: { highWatermark: sum((p) => p.highWatermark), committedOffset: sum((p) => p.committedOffset), lag: sum((p) => p.lag) },
  };
}

async function triggerRun(sources: ProgressSources, connector: string): Promise<TriggerRun> {
  if (!sources.fc) return 'unknown';
  const trigger = await sources.fc.getTrigger(serviceNameOf(connector), FUNCTION_NAME, TRIGGER_NAME);
  if (!trigger) return 'missing';
  return trigger.triggerConfig.triggerEnable === true ? 'running' : 'not running';
}
