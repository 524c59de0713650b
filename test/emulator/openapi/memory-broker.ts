import type { BrokerAdmin, GroupDescription, TopicDescription } from '../../../src/emulator/contracts.js';

/** A broker admin kept in memory: the control plane's input when no real broker is needed. */
export class MemoryBroker implements BrokerAdmin {
  readonly bootstrapServers = '127.0.0.1:9';
  readonly topics = new Map<string, TopicDescription>();
  readonly deletedGroups: string[] = [];

  async createTopic(name: string, opts: { partitions: number; configs?: Record<string, string> }): Promise<void> {
    if (this.topics.has(name)) throw new Error(`topic ${name} exists`);
    this.topics.set(name, { name, partitions: opts.partitions, configs: { ...opts.configs } });
  }
  async deleteTopic(name: string): Promise<void> {
    this.topics.delete(name);
  }
  async listTopics(): Promise<TopicDescription[]> {
    return [...this.topics.values()];
  }
  async describeTopic(name: string): Promise<TopicDescription | undefined> {
    return this.topics.get(name);
  }
  async highWatermarks(topic: string): Promise<number[]> {
    return new Array<number>(this.topics.get(topic)?.partitions ?? 0).fill(0);
  }
  async listGroups(): Promise<GroupDescription[]> {
    return [];
  }
  async deleteGroup(groupId: string): Promise<void> {
    this.deletedGroups.push(groupId);
  }
}
