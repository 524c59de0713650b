import type { Consumer } from 'kafkajs';
import type { GroupConsumer, GroupConsumerOptions, TopicPartition } from './client.js';
import { Assignment, type AssignmentDeps, type BrokerAddress, type ClusterView } from './fetch/assignment.js';
import type { BrokerSession } from './fetch/broker-session.js';
import { Limiter, partitionKey } from './fetch/partition-state.js';

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
  const group = new FetchingConsumer(deps, options);
  const { consumer } = deps;
  consumer.on(consumer.events.GROUP_JOIN, (event) => group.joined(assignedPartitions(event.payload.memberAssignment)));
  consumer.on(consumer.events.REBALANCING, () => group.rebalancing());
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
  return {
    commit: (topic, partition, offset) => consumer.commitOffsets([{ topic, partition, offset: String(offset) }]),
    pause: (partitions) => group.setPaused(partitions, true),
    resume: (partitions) => group.setPaused(partitions, false),
    generation: () => group.generation,
    stop: () => group.stop(),
  };
}

function assignedPartitions(memberAssignment: Record<string, number[]>): TopicPartition[] {
  return Object.entries(memberAssignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition })));
}

class FetchingConsumer {
  generation = 0;
  private readonly limiter: Limiter;
  private readonly paused = new Map<string, TopicPartition>();
  private current: Assignment | undefined;
  private previousDone: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: FetchingConsumerDeps,
    private readonly options: GroupConsumerOptions,
  ) {
    this.limiter = new Limiter(Math.max(1, options.concurrency ?? 1));
  }

  /** kafkajs emits its join inside the join, before its first fetch: paused here, it never fetches. */
  joined(assigned: TopicPartition[]): void {
    this.deps.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    this.endCurrent();
    this.generation += 1;
    this.options.onAssignment?.(assigned, this.generation);
    const next = new Assignment(this.generation, assigned, this.assignmentDeps());
    next.setPaused([...this.paused.values()], true);
    this.current = next;
    void this.previousDone.then(() => {
      if (this.current === next) next.start();
    });
  }

  rebalancing(): void {
    this.endCurrent();
    this.options.onRebalance?.(this.generation);
  }

  setPaused(partitions: TopicPartition[], pause: boolean): void {
    for (const p of partitions) {
      if (pause) this.paused.set(partitionKey(p.topic, p.partition), p);
      else this.paused.delete(partitionKey(p.topic, p.partition));
    }
    this.current?.setPaused(partitions, pause);
  }

  async stop(): Promise<void> {
    this.endCurrent();
    await this.previousDone;
    await this.deps.consumer.disconnect();
  }

  private endCurrent(): void {
    if (this.current) this.previousDone = this.current.stop();
    this.current = undefined;
  }

  private assignmentDeps(): AssignmentDeps {
    const { deps, options } = this;
    return {
      cluster: deps.cluster,
      groupId: options.groupId,
      fromBeginning: options.fromBeginning,
      openSession: deps.openSession,
      limits: { maxWaitMs: MAX_WAIT_MS, minBytes: 1, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES },
      requestTimeoutMs: deps.requestTimeoutMs,
      maxBytesPerPartition: options.maxBytesPerPartition ?? DEFAULT_MAX_BYTES_PER_PARTITION,
      limiter: this.limiter,
      onBatch: options.onBatch,
      onFatal: deps.onFatal,
      ...(deps.log ? { log: deps.log } : {}),
    };
  }
}

/**
 * Defaults of one fetch, read into one reused buffer per broker: 256 KiB per partition, 2 MiB in all. They are
 * also the grain of the sink's memory bound (it is checked after each batch), which larger fetches coarsen.
 */
const DEFAULT_MAX_BYTES_PER_PARTITION = 256 * 1024;
const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
