import type { BucketSummary, TopicSummary } from './catalog.js';
import { problem, type Problem } from './problems.js';
import { alikafkaNameRules, bucketRules, firstRuleProblem } from './rules.js';

/**
 * What the wizard may create when the account has no source topic or bucket to pick: the rules of
 * alikafka CreateTopic and OSS PutBucket, and the defaults of the console's Create Topic panel.
 */

/** The console's Create Topic panel shows 12 partitions ("Step 3: Create resources"; CreateTopic's PartitionNum example is 12). */
export const DEFAULT_PARTITIONS = 12;
/** CreateTopic accepts PartitionNum 1–360 (DESIGN §2). */
export const MAX_PARTITIONS = 360;

/** CreateTopic's Remark: 3–64 letters, digits, "_" and "-" (alikafka CreateTopic, "Remark"). */
export function remarkProblem(value: string): Problem | undefined {
  return /^[A-Za-z0-9_-]{3,64}$/.test(value) ? undefined : problem('remarkFormat', { value });
}

/** A remark for a source topic created for `connector` (within the Remark rule: a name is at most 48 characters). */
export function defaultRemark(connector: string | undefined): string {
  return connector ? `source-of-${connector}` : 'kafka-oss-source';
}

export function partitionCountProblem(value: string): Problem | undefined {
  const n = Number(value);
  return /^\d+$/.test(value) && n >= 1 && n <= MAX_PARTITIONS ? undefined : problem('partitionCount', { value, max: MAX_PARTITIONS });
}

/** A new topic's name: alikafka's naming rules, and no topic of that name in the instance. */
export function newTopicProblem(topics: TopicSummary[], instanceId: string, name: string): Problem | undefined {
  const broken = firstRuleProblem(alikafkaNameRules, name);
  if (broken) return broken;
  return topics.some((t) => t.name === name) ? problem('topicExists', { value: name, instance: instanceId }) : undefined;
}

/** A new bucket's name: OSS naming rules, and no bucket of that name in the account (PutBucket also refuses names taken elsewhere). */
export function newBucketProblem(buckets: BucketSummary[], name: string): Problem | undefined {
  const broken = firstRuleProblem(bucketRules, name);
  if (broken) return broken;
  return buckets.some((b) => b.name === name) ? problem('bucketExists', { value: name }) : undefined;
}
