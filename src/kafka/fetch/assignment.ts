import type { PartitionBatch, PartitionOffsets, TopicPartition } from '../client.js';
import { BrokerFetcher, FatalFetchError } from './broker-fetcher.js';
import { BrokerRefusedError, type BrokerSession } from './broker-session.js';
import type { FetchLimits } from './fetch-request.js';
import { partitionKey, PartitionState, type Limiter } from './partition-state.js';

export interface BrokerAddress {
  host: string;
  port: number;
}

/** What the fetch path asks of the cluster besides Fetch (kafkajs answers it: metadata, offsets). */
export interface ClusterView {
  /** Committed offset per partition of the group for the topic; -1 when none. */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, number>>;
  watermarks(topic: string): Promise<PartitionOffsets[]>;
  /** The leader of each partition of the topics, by `partitionKey`; a partition without one is absent. */
  leaders(topics: string[]): Promise<Map<string, BrokerAddress>>;
}

export interface AssignmentDeps {
  cluster: ClusterView;
  groupId: string;
  /** Where a partition without a committed offset (or out of range) starts: the log start, else its end. */
  fromBeginning: boolean;
  openSession(broker: BrokerAddress): Promise<BrokerSession>;
  limits: FetchLimits;
  requestTimeoutMs: number;
  maxBytesPerPartition: number;
  limiter: Limiter;
  onBatch(batch: PartitionBatch): Promise<void>;
  /** A failure no retry fixes: the consumer stops. */
  onFatal(error: Error): void;
  log?(line: string): void;
}

const MAX_BACKOFF_MS = 5_000;
/** Metadata may lag a leader change by a moment; asking again at once would only find the old leader. */
const MOVED_PAUSE_MS = 200;

/**
 * The partitions one group generation assigned to this member, fetched from their leaders: placed at the
 * committed offsets, one BrokerFetcher per leader, placed and planned again when a leader moves or a broker
 * cannot be reached (with backoff, for as long as the generation lasts).
 */
export class Assignment {
  private readonly states = new Map<string, PartitionState>();
  private fetchers: BrokerFetcher[] = [];
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;
  private fetched = 0;

  constructor(
    readonly generation: number,
    assigned: readonly TopicPartition[],
    private readonly deps: AssignmentDeps,
  ) {
    for (const { topic, partition } of assigned) this.states.set(partitionKey(topic, partition), new PartitionState(topic, partition, deps.maxBytesPerPartition));
  }

  start(): void {
    this.running = this.loop();
  }

  /** Stops fetching; resolves once the batches being processed are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const fetcher of this.fetchers) fetcher.stop();
    this.wake?.();
    await this.running;
  }

  setPaused(partitions: readonly TopicPartition[], paused: boolean): void {
    for (const { topic, partition } of partitions) {
      const state = this.states.get(partitionKey(topic, partition));
      if (state) state.paused = paused;
    }
    if (!paused) for (const fetcher of this.fetchers) fetcher.poke();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped && this.states.size > 0) {
      const fetchedBefore = this.fetched;
      try {
        await this.placeUnplaced();
        const moved = await this.fetchFromLeaders();
        failures = 0;
        if (moved) {
          this.deps.log?.(`fetch: ${moved}; asking the cluster for the partition's leader again`);
          await this.sleep(MOVED_PAUSE_MS);
        }
      } catch (error) {
        if (this.stopped) return;
        // a broker that refuses the credentials or lacks what this path needs does not change its mind
        if (error instanceof FatalFetchError || error instanceof BrokerRefusedError) return this.deps.onFatal(error);
        failures = this.fetched > fetchedBefore ? 1 : failures + 1;
        const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** (failures - 1)) * (0.8 + Math.random() * 0.4);
        this.deps.log?.(`fetch failed (${error instanceof Error ? error.message : String(error)}); retrying in ${Math.round(delay)} ms`);
        await this.sleep(delay);
      }
    }
  }

  /** One fetcher per leader until one of them needs the partitions placed again (its reason) or all stop. */
  private async fetchFromLeaders(): Promise<string | undefined> {
    const topics = [...new Set([...this.states.values()].map((s) => s.topic))];
    const leaders = await this.deps.cluster.leaders(topics);
    const byLeader = new Map<string, { address: BrokerAddress; states: PartitionState[] }>();
    for (const state of this.states.values()) {
      const address = leaders.get(state.key);
      if (!address) throw new Error(`${state.topic}[${state.partition}] has no leader`);
      const id = `${address.host}:${address.port}`;
      const group = byLeader.get(id) ?? { address, states: [] };
      group.states.push(state);
      byLeader.set(id, group);
    }
    if (this.stopped) return undefined;
    this.fetchers = [...byLeader.values()].map(({ address, states }) => new BrokerFetcher(states, this.fetcherDeps(address)));
    const runs = this.fetchers.map((f) => f.run());
    // the first fetcher to end (a moved leader, a failure) ends them all: the plan is redone as a whole
    const stopAll = () => this.fetchers.forEach((f) => f.stop());
    runs.forEach((run) => void run.then(stopAll, stopAll));
    const results = await Promise.allSettled(runs);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.map((r) => (r as PromiseFulfilledResult<string | undefined>).value).find((reason) => reason !== undefined);
  }

  private fetcherDeps(address: BrokerAddress) {
    return {
      openSession: () => this.deps.openSession(address),
      limits: this.deps.limits,
      requestTimeoutMs: this.deps.requestTimeoutMs,
      deliver: (state: PartitionState, nextOffset: number, highWatermark: number) => this.deliver(state, nextOffset, highWatermark),
      resetPosition: (state: PartitionState) => this.reset(state),
    };
  }

  private deliver(state: PartitionState, nextOffset: number, highWatermark: number): Promise<void> {
    this.fetched += 1;
    return this.deps.limiter.run(async () => {
      if (this.stopped) return;
      try {
        await this.deps.onBatch({ topic: state.topic, partition: state.partition, records: state.columns, nextOffset, highWatermark, generation: this.generation });
      } catch (error) {
        // the position is past these records already: going on would skip them
        throw new FatalFetchError(`processing ${state.topic}[${state.partition}] failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  /** Committed offsets first; a partition without one starts by the reset policy. */
  private async placeUnplaced(): Promise<void> {
    const unplaced = [...this.states.values()].filter((s) => s.position < 0);
    for (const topic of new Set(unplaced.map((s) => s.topic))) {
      const committed = await this.deps.cluster.committedOffsets(this.deps.groupId, topic);
      const marks = await this.deps.cluster.watermarks(topic);
      for (const state of unplaced.filter((s) => s.topic === topic)) {
        const offset = committed.get(state.partition) ?? -1;
        state.position = offset >= 0 ? offset : startOf(marks, state.partition, this.deps.fromBeginning);
      }
    }
  }

  /** OFFSET_OUT_OF_RANGE: the committed offset is gone (retention) or beyond the end; the reset policy decides. */
  private async reset(state: PartitionState): Promise<void> {
    const was = state.position;
    state.position = startOf(await this.deps.cluster.watermarks(state.topic), state.partition, this.deps.fromBeginning);
    this.deps.log?.(`${state.topic}[${state.partition}]: offset ${was} is out of range; fetching from ${state.position} (${this.deps.fromBeginning ? 'earliest' : 'latest'})`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function startOf(marks: PartitionOffsets[], partition: number, fromBeginning: boolean): number {
  const mark = marks.find((m) => m.partition === partition);
  if (!mark) throw new Error(`partition ${partition} is not in the topic's offsets`);
  return fromBeginning ? mark.low : mark.high;
}
