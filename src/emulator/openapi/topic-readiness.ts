import type { LocalAccount } from './local-account.js';
import type { TopicRecord } from './state-store.js';

/*
 * A topic made by CreateTopic is not running at once: Terraform's alicloud_alikafka_topic polls GetTopicList after
 * CreateTopic until the topic's Status is 0 (resource_alicloud_alikafka_topic.go, BuildStateConf(…, ["0"], …)), and
 * GetTopicList documents only that value ("0: The topic is running"). The local instance keeps a new topic from
 * running for `topicReadyDelayMs`; what real alikafka reports meanwhile is not documented, so it is ours: Status 1,
 * "Creating". Topics made on the broker directly (kcat, Kafka clients) have no record and are running.
 */
export const TOPIC_STATUS = {
  running: { Status: 0, StatusName: 'Running' },
  creating: { Status: 1, StatusName: 'Creating' },
} as const;

export function topicRunning(account: LocalAccount, record: TopicRecord | undefined, now = Date.now()): boolean {
  return record === undefined || now - record.createTime >= account.instance.topicReadyDelayMs;
}

export const topicStatusOf = (account: LocalAccount, record: TopicRecord | undefined) =>
  topicRunning(account, record) ? TOPIC_STATUS.running : TOPIC_STATUS.creating;
