import { ApiKey, BrokerRefusedError, type BrokerSession } from './broker-session.js';
import { FETCH_VERSION, fetchRequestBody, readFetchResponse, type FetchedPartition, type FetchLimits } from './fetch-request.js';
import type { PartitionState } from './partition-state.js';
import { codecLoaded, loadCodecs } from '../codecs.js';
import { codecsIn, decodeRecordBatches } from './record-batches.js';

/** Fetch errors this path acts on (Kafka's Errors, kafka.apache.org/protocol#protocol_error_codes). */
const OFFSET_OUT_OF_RANGE = 1;
/** The partition's leadership moved or is moving: ask the cluster again where it is. */
const LEADER_MOVED = new Map([
  [3, 'UNKNOWN_TOPIC_OR_PARTITION'],
  [5, 'LEADER_NOT_AVAILABLE'],
  [6, 'NOT_LEADER_OR_FOLLOWER'],
  [9, 'REPLICA_NOT_AVAILABLE'],
  [13, 'NETWORK_EXCEPTION'],
  [56, 'KAFKA_STORAGE_ERROR'],
  [74, 'FENCED_LEADER_EPOCH'],
  [75, 'UNKNOWN_LEADER_EPOCH'],
]);
const FATAL = new Map([
  [2, 'CORRUPT_MESSAGE'],
  [29, 'TOPIC_AUTHORIZATION_FAILED'],
  [30, 'GROUP_AUTHORIZATION_FAILED'],
  [31, 'CLUSTER_AUTHORIZATION_FAILED'],
]);
/** A batch larger than this never fits: Kafka's default message.max.bytes is ~1 MiB, its ceiling the broker's fetch.max.bytes. */
const MAX_PARTITION_BYTES = 64 * 1024 * 1024;
/** A SASL session is renewed this long before the broker would end it. */
const REAUTHENTICATE_MARGIN_MS = 30_000;

export interface BrokerFetcherDeps {
  openSession(): Promise<BrokerSession>;
  limits: FetchLimits;
  requestTimeoutMs: number;
  /**
   * Hands the partition's decoded records on, up to `nextOffset` (where the fetch moved it); the next fetch waits
   * until every delivery of this one resolved.
   */
  deliver(state: PartitionState, nextOffset: number, highWatermark: number): Promise<void>;
  /** Places the partition by the reset policy after OFFSET_OUT_OF_RANGE. */
  resetPosition(state: PartitionState): Promise<void>;
}

/** A fetch error that no retry fixes (authorization, corrupt data): the consumer stops and says why. */
export class FatalFetchError extends Error {}

/**
 * Fetches the partitions one broker leads, one request at a time, into the session's receive buffer, and hands
 * each partition's records on. `run` resolves when stopped (undefined) or when the partitions must be placed
 * again (the reason); a connection failure rejects (the caller retries), a fatal error rejects with FatalFetchError.
 */
export class BrokerFetcher {
  private session: BrokerSession | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly partitions: readonly PartitionState[],
    private readonly deps: BrokerFetcherDeps,
  ) {}

  async run(): Promise<string | undefined> {
    try {
      while (!this.stopped) {
        const wanted = this.partitions.filter((p) => !p.paused && p.position >= 0);
        if (wanted.length === 0) {
          await this.idle(this.deps.limits.maxWaitMs);
          continue;
        }
        const moved = await this.fetchOnce(wanted);
        if (moved) return moved;
      }
      return undefined;
    } catch (error) {
      if (this.stopped) return undefined;
      throw error;
    } finally {
      this.session?.close();
      this.session = undefined;
    }
  }

  /** Stops fetching; `run` resolves once the deliveries in flight resolved. */
  stop(): void {
    this.stopped = true;
    this.session?.close();
    this.wake?.();
  }

  /** A partition was resumed: fetch at once rather than after the idle wait. */
  poke(): void {
    this.wake?.();
  }

  /** One Fetch; returns why the partitions must be placed again, if a leader moved. */
  private async fetchOnce(wanted: PartitionState[]): Promise<string | undefined> {
    const session = await this.openSession();
    const request = fetchRequestBody(
      wanted.map((p) => ({ topic: p.topic, partition: p.partition, fetchOffset: p.position, maxBytes: p.maxBytes })),
      this.deps.limits,
    );
    const reader = await session.request(ApiKey.Fetch, FETCH_VERSION, request, this.deps.limits.maxWaitMs + this.deps.requestTimeoutMs);
    if (this.stopped) return undefined;
    const byKey = new Map(wanted.map((p) => [p.key, p]));
    const deliveries: Promise<void>[] = [];
    let moved: string | undefined;
    let failure: unknown;
    try {
      const answers = readFetchResponse(reader);
      const codecs = answers.flatMap((a) => (a.errorCode === 0 ? codecsIn(reader.data, a.recordsStart, a.recordsEnd) : []));
      if (codecs.some((id) => !codecLoaded(id))) await loadCodecs(codecs);
      if (this.stopped) return undefined;
      for (const answer of answers) {
        const state = byKey.get(`${answer.partition}\u0000${answer.topic}`);
        if (!state) continue;
        if (answer.errorCode === 0) {
          const delivery = this.decode(reader.data, answer, state);
          if (delivery) deliveries.push(delivery);
        } else if (answer.errorCode === OFFSET_OUT_OF_RANGE) {
          deliveries.push(this.deps.resetPosition(state));
        } else {
          moved ??= this.failureOf(answer);
        }
      }
    } catch (error) {
      failure = error;
    }
    // the records are views of the session's receive buffer, which the next fetch overwrites
    const settled = await Promise.allSettled(deliveries);
    if (failure !== undefined) throw failure;
    for (const result of settled) if (result.status === 'rejected') throw result.reason;
    return moved;
  }

  /** Decodes the partition's batches; returns their delivery when they hold records or moved the position. */
  private decode(data: Buffer, answer: FetchedPartition, state: PartitionState): Promise<void> | undefined {
    state.columns.clear();
    const aborted = answer.aborted.length > 0 ? answer.aborted : undefined;
    const decoded = decodeRecordBatches(data, answer.recordsStart, answer.recordsEnd, state.position, aborted, state.columns);
    // bytes but no whole batch: the next batch is larger than this partition's share of the fetch
    const tooSmall = decoded.batches === 0 && answer.recordsEnd > answer.recordsStart;
    state.maxBytes = tooSmall ? Math.min(state.maxBytes * 2, MAX_PARTITION_BYTES) : state.baseMaxBytes;
    const moved = decoded.nextOffset > state.position;
    state.position = decoded.nextOffset;
    return state.columns.length > 0 || moved ? this.deps.deliver(state, decoded.nextOffset, answer.highWatermark) : undefined;
  }

  private failureOf(answer: FetchedPartition): string {
    const where = `${answer.topic}[${answer.partition}]`;
    const fatal = FATAL.get(answer.errorCode);
    if (fatal || !LEADER_MOVED.has(answer.errorCode)) throw new FatalFetchError(`fetching ${where} failed: ${fatal ?? `error code ${answer.errorCode}`}`);
    return `${where}: ${LEADER_MOVED.get(answer.errorCode)}`;
  }

  private async openSession(): Promise<BrokerSession> {
    if (this.session?.expiresWithin(REAUTHENTICATE_MARGIN_MS)) {
      this.session.close();
      this.session = undefined;
    }
    if (!this.session) {
      const session = await this.deps.openSession();
      if (session.version(ApiKey.Fetch, FETCH_VERSION, FETCH_VERSION) === undefined) {
        session.close();
        throw new BrokerRefusedError(`the broker does not serve Fetch v${FETCH_VERSION} (Kafka 0.11 or later does)`);
      }
      this.session = session;
    }
    if (this.stopped) this.session.close();
    return this.session;
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
