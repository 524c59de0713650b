import type { GroupDescription } from '../contracts.js';
import type { AlikafkaContext } from './alikafka.js';
import { alikafkaErrors } from './errors.js';

/** Kafka's group states in the names GetConsumerProgress gives them (ConsumerProgress.state). */
const STATES: Record<string, string> = {
  Empty: 'EMPTY',
  Stable: 'STABLE',
  PreparingRebalance: 'PREPARING_REBALANCE',
  CompletingRebalance: 'COMPLETING_REBALANCE',
  Dead: 'DEAD',
};

/**
 * alikafka GetConsumerProgress: per topic the group committed on, per partition the broker's end offset
 * (BrokerOffset), the group's committed offset (ConsumerOffset) and their difference (Accumulate), with
 * TotalDiff summed per topic and over all. Shape and names from the API reference
 * (alibabacloud.com/help/en/apsaramq-for-kafka/cloud-message-queue-for-kafka/developer-reference/api-alikafka-2019-09-16-getconsumerprogress)
 * and the SDK's GetConsumerProgressResponseBody (@alicloud/alikafka20190916).
 * LastTimestamp is -1, the documented answer where it is not computed (local-storage topics, or HideLastTimestamp);
 * the local broker keeps no per-offset times to compute it from. Partitions the group never committed on are not
 * listed (the reference does not say what they show). No rebalance history is kept: RebalanceInfoList is empty.
 */
export async function getConsumerProgress(ctx: AlikafkaContext, instanceId: string): Promise<Record<string, unknown>> {
  const consumerId = ctx.params.required('ConsumerId');
  const group = (await ctx.broker.listGroups()).find((g) => g.groupId === consumerId);
  const recorded = ctx.store.state.consumerGroups.get(instanceId)?.has(consumerId) ?? false;
  if (!group && !recorded) throw alikafkaErrors.groupNotFound(consumerId, instanceId);
  const topics = group ? await topicProgress(ctx, group) : [];
  return {
    ConsumerProgress: {
      TotalDiff: topics.reduce((sum, t) => sum + t.TotalDiff, 0),
      LastTimestamp: -1,
      state: group ? (STATES[group.state] ?? 'UNKNOWN') : 'EMPTY',
      TopicList: { TopicList: topics },
      RebalanceInfoList: { RebalanceInfoList: [] },
    },
  };
}

async function topicProgress(ctx: AlikafkaContext, group: GroupDescription) {
  const topics = [];
  for (const [topic, committed] of Object.entries(group.offsets).sort(([a], [b]) => a.localeCompare(b))) {
    if (!(await ctx.broker.describeTopic(topic))) continue; // committed on a topic deleted since
    const ends = await ctx.broker.highWatermarks(topic);
    const offsets = Object.entries(committed)
      .map(([partition, consumerOffset]) => {
        const brokerOffset = ends[Number(partition)] ?? 0;
        return { Partition: Number(partition), BrokerOffset: brokerOffset, ConsumerOffset: consumerOffset, Accumulate: Math.max(0, brokerOffset - consumerOffset), LastTimestamp: -1 };
      })
      .sort((a, b) => a.Partition - b.Partition);
    topics.push({ Topic: topic, TotalDiff: offsets.reduce((sum, o) => sum + o.Accumulate, 0), LastTimestamp: -1, OffsetList: { OffsetList: offsets } });
  }
  return topics;
}
