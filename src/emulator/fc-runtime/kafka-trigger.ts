import { Kafka, logLevel, type Consumer, type EachBatchPayload, type KafkaMessage, type Producer } from 'kafkajs';
import type { FunctionSpec, InvocationResult, KafkaTriggerSpec, TriggerState } from '../contracts.js';
import { nextBatch } from './batching.js';
import { toCloudEvent, type EventOrigin, type KafkaCloudEvent } from './cloud-events.js';
import { pause, retryDelayMs } from './retry-schedule.js';
import { StreamBoundaries } from './stream-boundaries.js';
import type { StreamStartDelay } from './stream-start-delay.js';

/** The trigger as the control plane may pass it: the contract's fields plus where the events claim to come from. */
export interface LocalKafkaTriggerSpec extends KafkaTriggerSpec {
  instanceId?: string;
  regionId?: string;
}

export interface KafkaTriggerDeps {
  invoke: (fn: FunctionSpec, event: Buffer) => Promise<InvocationResult>;
  resolveFunction: () => FunctionSpec | undefined;
  log: (line: string) => void;
  retryBaseMs: number;
  regionId: string;
  accountId: string;
  /** How long the stream takes to start (see stream-start-delay.ts). */
  startDelay: StreamStartDelay;
  /** The fault mode of stream-boundaries.ts: batches re-formed on replay, commits inside batches. */
  reformBatchesOnReplay: boolean;
}

/**
 * How a batch ended: delivered; given up (dead-lettered or skipped, errorsTolerance ALL); to be replayed from the
 * last commit (fault mode, stream-boundaries.ts); its partition stopped; or the trigger stopping.
 */
type Delivery = 'delivered' | 'given-up' | 'replay' | 'stopped' | 'aborted';

const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 1_000;
// kafkajs lets a consumer leave only after its fetch in flight returns: a short long-poll keeps stopping quick
// (records are answered as soon as they arrive either way; an idle consumer asks four times a second on loopback)
const FETCH_MAX_WAIT_MS = 250;
/** Keeps each invocation's event within what a function can be handed at once. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const FETCH_MAX_BYTES_PER_PARTITION = 8 * 1024 * 1024;

/**
 * EventBridge's Kafka source → FC sink in event-streaming mode: consumes the topic with the trigger's group,
 * invokes the function with batches of CloudEvents in offset order per partition, and commits a batch only
 * after the function succeeded (or, with errorsTolerance ALL, after it was dead-lettered).
 */
export class KafkaTrigger {
  private readonly kafka: Kafka;
  private readonly origin: EventOrigin;
  private readonly aborted = new AbortController();
  private readonly failedPartitions = new Set<number>();
  /** Per partition: the first offset of a partial batch, and when it was first seen. */
  private readonly windowStart = new Map<number, { offset: string; since: number }>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();
  private readonly boundaries: StreamBoundaries;
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private status: { state: TriggerState; lastError?: string } = { state: 'starting' };
  private starting: Promise<void> | undefined;

  constructor(
    readonly spec: LocalKafkaTriggerSpec,
    private readonly deps: KafkaTriggerDeps,
  ) {
    this.kafka = new Kafka({
      clientId: `eventbridge-${spec.triggerName}`,
      brokers: spec.bootstrapServers.split(',').map((broker) => broker.trim()),
      logLevel: logLevel.ERROR,
      logCreator: () => (entry) => deps.log(`trigger ${this.name}: kafka: ${entry.log.message}`),
      retry: { retries: 5, initialRetryTime: 100 },
    });
    this.boundaries = new StreamBoundaries(deps.reformBatchesOnReplay);
    this.origin = {
      instanceId: spec.instanceId ?? 'alikafka_local',
      regionId: spec.regionId ?? deps.regionId,
      accountId: deps.accountId,
      eventBusName: spec.triggerName,
    };
  }

  get name(): string {
    return `${this.spec.serviceName}/${this.spec.functionName}/${this.spec.triggerName}`;
  }

  get state(): { state: TriggerState; lastError?: string } {
    return { ...this.status };
  }

  /**
   * Fixes where the stream starts (with offsetReset latest, the ends of the partitions as of now), then starts
   * it in the background, as EventBridge does: the state is 'starting' until the consumer joined its group.
   */
  async start(): Promise<void> {
    let startAtEnd: { partition: number; offset: string }[];
    try {
      startAtEnd = this.spec.offsetReset === 'latest' ? await this.endsOfUncommittedPartitions() : [];
    } catch (err) {
      this.fail(`could not start consuming topic ${this.spec.topic}: ${messageOf(err)}`);
      return;
    }
    this.starting = this.startStream(startAtEnd);
  }

  private async startStream(startAtEnd: { partition: number; offset: string }[]): Promise<void> {
    try {
      await this.deps.startDelay.wait(this.aborted.signal);
      if (this.aborted.signal.aborted) return;
      const consumer = this.kafka.consumer({
        groupId: this.spec.consumerGroup,
        allowAutoTopicCreation: false,
        sessionTimeout: SESSION_TIMEOUT_MS,
        heartbeatInterval: HEARTBEAT_INTERVAL_MS,
        maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
        // room for a whole batch in one fetch, so a count window is not cut short by the fetch size
        maxBytesPerPartition: FETCH_MAX_BYTES_PER_PARTITION,
      });
      this.consumer = consumer;
      consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) this.fail(`consumer stopped: ${event.payload.error.message}`);
      });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        if (this.status.state !== 'starting' || this.aborted.signal.aborted) return;
        this.status = { state: 'running' };
        this.deps.log(`trigger ${this.name}: consuming ${this.spec.topic} as group ${this.spec.consumerGroup}`);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [this.spec.topic], fromBeginning: this.spec.offsetReset === 'earliest' });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: Math.max(1, this.spec.maximumTasks),
        eachBatch: (payload) => this.onBatch(payload),
      });
      for (const { partition, offset } of startAtEnd) consumer.seek({ topic: this.spec.topic, partition, offset });
    } catch (err) {
      this.fail(`could not start consuming topic ${this.spec.topic}: ${messageOf(err)}`);
    }
  }

  async stop(): Promise<void> {
    this.aborted.abort();
    for (const timer of this.resumeTimers) clearTimeout(timer);
    this.resumeTimers.clear();
    await this.starting;
    await Promise.all([this.consumer?.disconnect().catch(() => undefined), this.producer?.disconnect().catch(() => undefined)]);
    this.status = { state: 'stopped' };
  }

  /**
   * With offsetReset latest, a partition with no committed offset starts at its end as of the trigger's
   * creation, so that messages sent right after it are not skipped while the consumer is still joining.
   */
  private async endsOfUncommittedPartitions(): Promise<{ partition: number; offset: string }[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: this.spec.consumerGroup, topics: [this.spec.topic] });
      const uncommitted = new Set((committed?.partitions ?? []).filter((p) => Number(p.offset) < 0).map((p) => p.partition));
      const ends = await admin.fetchTopicOffsets(this.spec.topic);
      return ends.filter((end) => uncommitted.has(end.partition)).map((end) => ({ partition: end.partition, offset: end.high }));
    } finally {
      await admin.disconnect();
    }
  }

  private async onBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale, pause: pausePartition }: EachBatchPayload): Promise<void> {
    const { topic, partition, messages } = batch;
    if (this.failedPartitions.has(partition)) {
      pausePartition();
      return;
    }
    let next = 0;
    while (next < messages.length) {
      if (!isRunning() || isStale() || this.aborted.signal.aborted) return;
      const first = messages[next] as KafkaMessage;
      const count = this.boundaries.batchCount(this.spec.batchWindow.countBasedWindow);
      const { chunk, full } = nextBatch(messages, next, { count, maxBytes: MAX_BATCH_BYTES });
      const waitMs = full ? 0 : this.windowWaitMs(partition, first.offset);
      if (waitMs > 0) {
        // a partial batch: let more messages arrive, then fetch again from the same offset
        pausePartition();
        const timer = setTimeout(() => {
          this.resumeTimers.delete(timer);
          if (!this.aborted.signal.aborted) this.consumer?.resume([{ topic, partitions: [partition] }]);
        }, waitMs);
        this.resumeTimers.add(timer);
        return;
      }
      // kafkajs only heartbeats between fetches; keep the membership alive through long invocations and retries
      const heartbeats = setInterval(() => void heartbeat().catch(() => undefined), HEARTBEAT_INTERVAL_MS);
      const delivery = await this.deliver(topic, partition, chunk).finally(() => clearInterval(heartbeats));
      if (delivery === 'aborted') return;
      if (delivery === 'stopped') {
        pausePartition();
        return;
      }
      if (delivery === 'replay') {
        this.replay(topic, partition, Number(first.offset));
        return;
      }
      const last = Number((chunk[chunk.length - 1] as KafkaMessage).offset);
      resolveOffset(String(last));
      const commit = delivery === 'delivered'
        ? this.boundaries.commitAfterDelivery(partition, Number(first.offset), last)
        : this.boundaries.commitAfterGivingUp(partition, last);
      if (commit !== undefined) await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: String(commit) }] }] });
      this.windowStart.delete(partition);
      await heartbeat();
      next += chunk.length;
    }
  }

  /** Fault mode: fetch the partition again from its last commit, so the next batches are cut anew. */
  private replay(topic: string, partition: number, failedFirst: number): void {
    const from = this.boundaries.replayFrom(partition, failedFirst);
    this.windowStart.delete(partition);
    this.deps.log(`trigger ${this.name}: ${topic}[${partition}] replays from offset ${from} (batch at ${failedFirst} failed; reformBatchesOnReplay)`);
    this.consumer?.seek({ topic, partition, offset: String(from) });
  }

  /** How much longer a partial batch starting at `offset` should wait for the time window; 0 = push now. */
  private windowWaitMs(partition: number, offset: string): number {
    const windowMs = this.spec.batchWindow.timeBasedWindowSeconds * 1000;
    if (windowMs <= 0) return 0;
    const now = Date.now();
    const start = this.windowStart.get(partition);
    if (!start || start.offset !== offset) {
      this.windowStart.set(partition, { offset, since: now });
      return windowMs;
    }
    return Math.max(0, start.since + windowMs - now);
  }

  private async deliver(topic: string, partition: number, messages: KafkaMessage[]): Promise<Delivery> {
    const events = messages.map((message) => toCloudEvent(topic, partition, message, this.origin));
    const body = Buffer.from(JSON.stringify(events));
    const { pushRetryStrategy, maximumRetryAttempts } = this.spec.retryStrategy;
    const where = `${topic}[${partition}] offsets ${messages[0]?.offset ?? '?'}..${messages[messages.length - 1]?.offset ?? '?'}`;
    let lastError = '';
    for (;;) {
      const fn = this.deps.resolveFunction();
      const result = fn ? await this.deps.invoke(fn, body) : undefined;
      if (result?.status === 'ok') return 'delivered';
      lastError = result ? result.payload : `function ${this.spec.serviceName}/${this.spec.functionName} does not exist`;
      if (this.aborted.signal.aborted) return 'aborted';
      const retries = this.boundaries.failuresBefore(partition);
      if (retries >= maximumRetryAttempts) break;
      this.boundaries.failed(partition);
      this.deps.log(`trigger ${this.name}: ${where} failed (${lastError}); retry ${retries + 1} of ${maximumRetryAttempts}`);
      await pause(retryDelayMs(pushRetryStrategy, retries, this.deps.retryBaseMs), this.aborted.signal);
      if (this.aborted.signal.aborted) return 'aborted';
      if (this.boundaries.reformBatchesOnReplay) return 'replay';
    }
    return this.giveUp(partition, where, events, lastError);
  }

  /** After the last retry: to the dead-letter topic (or skipped) with errorsTolerance ALL, else the partition stops. */
  private async giveUp(partition: number, where: string, events: KafkaCloudEvent[], lastError: string): Promise<Delivery> {
    const { maximumRetryAttempts } = this.spec.retryStrategy;
    if (this.spec.errorsTolerance === 'ALL') {
      if (this.spec.deadLetterTopic) {
        try {
          await this.sendToDeadLetter(this.spec.deadLetterTopic, events, lastError);
        } catch (err) {
          this.failPartition(partition, `${where}: delivery failed (${lastError}) and the dead-letter topic refused the events: ${messageOf(err)}`);
          return 'stopped';
        }
      }
      const sentTo = this.spec.deadLetterTopic ? `sent to dead-letter topic ${this.spec.deadLetterTopic}` : 'skipped';
      this.deps.log(`trigger ${this.name}: ${where} failed after ${maximumRetryAttempts} retries (${lastError}); ${sentTo}`);
      return 'given-up';
    }
    this.failPartition(partition, `${where}: failed after ${maximumRetryAttempts} retries: ${lastError}`);
    return 'stopped';
  }

  private async sendToDeadLetter(deadLetterTopic: string, events: KafkaCloudEvent[], reason: string): Promise<void> {
    if (!this.producer) {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
    }
    await this.producer.send({
      topic: deadLetterTopic,
      messages: events.map((event) => ({
        key: event.data.key,
        value: JSON.stringify(event),
        headers: { 'eventbridge-error': reason.slice(0, 1024) },
      })),
    });
  }

  private failPartition(partition: number, reason: string): void {
    this.failedPartitions.add(partition);
    this.fail(reason);
  }

  private fail(reason: string): void {
    if (this.aborted.signal.aborted) return;
    this.status = { state: 'failed', lastError: reason };
    this.deps.log(`trigger ${this.name}: failed: ${reason}`);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
