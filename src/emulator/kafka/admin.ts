import type { BrokerAdmin, GroupDescription, TopicDescription } from '../contracts.js';
import type { BrokerContext } from './apis/index.js';
import { TopicError } from './topic-store.js';

/** The contract's admin plus what the broker can answer cheaply in-process. */
export interface KafkaBrokerAdmin extends BrokerAdmin {
  topicExists(name: string): Promise<boolean>;
}

/** In-process administration of the broker, for the control plane (what alikafka does to its cluster). */
export function createAdmin(bootstrapServers: string, broker: BrokerContext): KafkaBrokerAdmin {
  const describe = (name: string): TopicDescription | undefined => {
    const t = broker.topics.get(name);
    return t && { name: t.name, partitions: t.partitions.length, configs: { ...t.configs } };
  };
  return {
    bootstrapServers,
    async createTopic(name, { partitions, configs = {} }) {
      const problems = broker.topics.validate(name, partitions, configs);
      if (problems.length > 0) throw new TopicError(problems[0]!.code, problems.map((p) => p.message).join('; '));
      broker.topics.create(name, partitions, configs);
      broker.log(`created topic ${name} with ${partitions} partition(s)`);
    },
    async deleteTopic(name) {
      if (!broker.topics.get(name)) throw new TopicError('unknown', `topic ${JSON.stringify(name)} does not exist`);
      broker.deleteTopic(name);
    },
    async listTopics() {
      return broker.topics.list().map((t) => describe(t.name)!);
    },
    async topicExists(name) {
      return broker.topics.get(name) !== undefined;
    },
    async describeTopic(name) {
      return describe(name);
    },
    async highWatermarks(topic) {
      const t = broker.topics.get(topic);
      if (!t) throw new TopicError('unknown', `topic ${JSON.stringify(topic)} does not exist`);
      return t.partitions.map((p) => p.highWatermark);
    },
    async listGroups(): Promise<GroupDescription[]> {
      return broker.groups.list().map((g) => {
        const offsets: Record<string, Record<number, number>> = {};
        for (const [topic, partitions] of broker.groups.committed(g.groupId) ?? []) {
          offsets[topic] = Object.fromEntries([...partitions].map(([p, c]) => [p, c.offset]));
        }
        return { groupId: g.groupId, state: g.state, members: g.members.length, offsets };
      });
    },
    async deleteGroup(groupId) {
      const code = broker.groups.deleteGroup(groupId);
      if (code !== 0) throw new Error(code === 68 ? `group ${JSON.stringify(groupId)} still has members` : `group ${JSON.stringify(groupId)} does not exist`);
    },
  };
}
