import type { Consumer } from 'kafkajs';
import type { GroupConsumer, GroupConsumerOptions, TopicPartition } from './client.js';
import { Assignment, type ClusterView } from './fetch/assignment.js';
import type { BrokerSession } from './fetch/broker-session.js';
import type { BrokerAddress } from './fetch/assignment.js';
import { Limiter } from './fetch/partition-state.js';

export interface FetchingConsumerDeps {
  /** A kafkajs consumer of the group, not yet connected: it keeps the membership (join, sync, heartbeats) and commits. */
  consumer: Consumer;
  cluster: ClusterView;
  openSession(broker: BrokerAddress): Promise<BrokerSession>;
  requestTimeoutMs: number;
  /** Called with a failure no retry fixes, after which nothing is fetched. */
  onFatal(error: Error): void;
  log?(line: string): void;
}

/** How long a caught-up partition's fetch waits at the broker: short, so that stopping never waits long. */
const MAX_WAIT_MS = 100;

/**
 * A group consumer whose membership is kafkajs' and whose fetching is the fetch path's (src/kafka/fetch): kafkajs
 * joins, syncs, heartbeats and commits, with every subscribed topic paused so that it never fetches; each
 * generation's assignment is fetched by an Assignment, started once the previous generation's batches are done.
 */
export async function startFetchingConsumer(deps: FetchingConsumerDeps, options: GroupConsumerOptions): Promise<GroupConsumer> {
  const { consumer } = deps;
  const limiter = new Limiter(Math.max(1, options.concurrency ?? 1));
  const paused = new Map<string, TopicPartition>();
  let generation = 0;
  let current: Assignment | undefined;
  let previousDone: Promise<void> = Promise.resolve();
  const endCurrent = () => {
    if (current) previousDone = current.stop();
    current = undefined;
  };
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    // kafkajs emits this inside its join, before its first fetch: paused here, it never fetches
    consumer.pause(options.topics.map((topic) => ({ topic })));
    endCurrent();
    generation += 1;
    const assigned: TopicPartition[] = [];
    for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
      for (const partition of partitions) assigned.push({ topic, partition });
    }
    options.onAssignment?.(assigned, generation);
    const next = new Assignment(generation, assigned, {
      cluster: deps.cluster,
      groupId: options.groupId,
      fromBeginning: options.fromBeginning,
      openSession: deps.openSession,
      limits: { maxWaitMs: MAX_WAIT_MS, minBytes: 1, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES },
      requestTimeoutMs: deps.requestTimeoutMs,
      maxBytesPerPartition: options.maxBytesPerPartition ?? DEFAULT_MAX_BYTES_PER_PARTITION,
      limiter,
      onBatch: options.onBatch,
      onFatal: deps.onFatal,
      ...(deps.log ? { log: deps.log } : {}),
    });
    next.setPaused([...paused.values()], true);
    current = next;
    void previousDone.then(() => {
      if (current === next) next.start();
    });
  });
  consumer.on(consumer.events.REBALANCING, () => {
    endCurrent();
    options.onRebalance?.(generation);
  });
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
  const setPaused = (partitions: TopicPartition[], pause: boolean) => {
    for (const p of partitions) {
      if (pause) paused.set(`${p.partition}\u0000${p.topic}`, p);
      else paused.delete(`${p.partition}\u0000${p.topic}`);
    }
    current?.setPaused(partitions, pause);
  };
  return {
    commit: (topic, partition, offset) => consumer.commitOffsets([{ topic, partition, offset: String(offset) }]),
    pause: (partitions) => setPaused(partitions, true),
    resume: (partitions) => setPaused(partitions, false),
    generation: () => generation,
    stop: async () => {
      endCurrent();
      await previousDone;
      await consumer.disconnect();
    },
  };
}

/**
 * Defaults of one fetch, read into one reused buffer per broker: 256 KiB per partition, 2 MiB in all. They are
 * also the grain of the sink's memory bound (it is checked after each batch), which larger fetches coarsen.
 */
const DEFAULT_MAX_BYTES_PER_PARTITION = 256 * 1024;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
