/**
 * The data-plane Kafka client the rest of the tool talks to. One small interface, so that kafkajs can be
 * swapped for another client without touching the sink engine or the CLI.
 */

export interface OutgoingMessage {
  /** Omitted: the client's partitioner picks (by key, else round robin). */
  partition?: number;
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
  /** Milliseconds since the epoch; omitted: now. */
  timestamp?: number;
}

export interface ProducedRecord {
  topic: string;
  partition: number;
  offset: number;
}

/** Record headers by name; a name the producer repeated has its values in order (kafkajs' shape). */
export type RecordHeaders = Record<string, Buffer | null | (Buffer | null)[]>;

export interface IncomingMessage {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeaders;
}

/**
 * The records of one partition from one fetch, column by column, so that reading them costs no object per
 * record: record `i` has `offset(i)`, `timestamp(i)`, and its key as `keyLength(i)` bytes of `keySource(i)` from
 * `keyStart(i)` (length -1: a null key), its value likewise. The sources are the client's receive buffers,
 * valid until `onBatch`'s promise settles: copy what must outlive it. `messagesOf` makes message objects.
 */
export interface FetchedRecords {
  readonly length: number;
  offset(i: number): number;
  /** Milliseconds since the epoch (CreateTime, or LogAppendTime when the topic uses it). */
  timestamp(i: number): number;
  keySource(i: number): Uint8Array;
  keyStart(i: number): number;
  keyLength(i: number): number;
  valueSource(i: number): Uint8Array;
  valueStart(i: number): number;
  valueLength(i: number): number;
  headers(i: number): RecordHeaders;
}

/** Records of one partition, in offset order, as one fetch returned them. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  records: FetchedRecords;
  /**
   * Where the partition's next fetch starts: after the last record, or past offsets that hold no record for the
   * consumer (transaction markers, aborted transactions, compacted-away records). A batch may have no records and
   * only move this; committing it is what lets a group's position reach a log that ends with a marker.
   */
  nextOffset: number;
  /** Log end offset of the partition as of this fetch. */
  highWatermark: number;
  /** The group generation the batch was fetched in (see `GroupConsumer.generation`). */
  generation: number;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface GroupConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where partitions without a committed offset start. */
  fromBeginning: boolean;
  /** How many partitions are processed at the same time (the connector's concurrency). */
  concurrency?: number;
  /** Upper bound of one fetch per partition; with `concurrency` it bounds the fetched-but-unprocessed bytes. */
  maxBytesPerPartition?: number;
  /** Upper bound of one whole fetch response. */
  maxBytes?: number;
  /**
   * Called with each fetched batch. The next batch of the same partition is fetched after it resolves,
   * so awaiting here is how a slow writer applies back-pressure. Nothing is committed automatically.
   */
  onBatch: (batch: PartitionBatch) => Promise<void>;
  /** Called after every (re)join with the partitions this member now owns in the new `generation`. */
  onAssignment?: (assigned: TopicPartition[], generation: number) => void;
  /** Called when the group starts rebalancing: `generation` is ending, what it owned may move to another member. */
  onRebalance?: (generation: number) => void;
  /** The consumer stopped for good (not a retried failure). */
  onCrash?: (error: Error) => void;
}

export interface GroupConsumer {
  /** Commits `offset` (the next offset to read, i.e. last processed + 1) for the group. */
  commit(topic: string, partition: number, offset: number): Promise<void>;
  pause(partitions: TopicPartition[]): void;
  resume(partitions: TopicPartition[]): void;
  /** Grows with every (re)join of the group; a batch fetched in an older generation is stale. */
  generation(): number;
  stop(): Promise<void>;
}

export interface PartitionOffsets {
  partition: number;
  /** First offset still in the log. */
  low: number;
  /** Log end offset (the next offset to be written). */
  high: number;
}

export interface TopicInfo {
  name: string;
  partitions: number;
}

export interface KafkaDataClient {
  /** Checks the topic and explicit partitions against metadata first, so a wrong name fails fast. */
  produce(topic: string, messages: OutgoingMessage[]): Promise<ProducedRecord[]>;
  listTopics(): Promise<TopicInfo[]>;
  /** Undefined when the topic does not exist. */
  describeTopic(topic: string): Promise<TopicInfo | undefined>;
  watermarks(topic: string): Promise<PartitionOffsets[]>;
  /** Committed offset per partition of the group for the topic; -1 when none. */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, number>>;
  consume(options: GroupConsumerOptions): Promise<GroupConsumer>;
  close(): Promise<void>;
}
