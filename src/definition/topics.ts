import type { InternalTopicField } from './rules.js';

/** The connector's internal topics: the field (and flag) of each, and its key under `topics` in the definition. */
export const INTERNAL_TOPICS = [
  { field: 'offsetTopic', key: 'offset' },
  { field: 'configTopic', key: 'config' },
  { field: 'statusTopic', key: 'status' },
  { field: 'errorTopic', key: 'error' },
  { field: 'deadLetterTopic', key: 'deadLetter' },
] as const satisfies ReadonlyArray<{ field: InternalTopicField; key: string }>;

export type TopicKey = (typeof INTERNAL_TOPICS)[number]['key'];
export type DefinitionTopics = Record<TopicKey, string>;

/** Each internal topic of a definition with its field, in the console's order. */
export function internalTopics(topics: DefinitionTopics): Array<{ field: InternalTopicField; key: TopicKey; name: string }> {
  return INTERNAL_TOPICS.map(({ field, key }) => ({ field, key, name: topics[key] }));
}

export const TOPIC_FIELD_BY_KEY: Readonly<Record<TopicKey, InternalTopicField>> = Object.fromEntries(
  INTERNAL_TOPICS.map(({ field, key }) => [key, field]),
) as Record<TopicKey, InternalTopicField>;
