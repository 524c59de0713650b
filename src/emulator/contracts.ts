/**
 * The seams between the parts of the embedded local cloud. The control plane (openapi/) drives the
 * broker (kafka/) and the function runtime (fc-runtime/) only through these interfaces.
 */

export interface TopicDescription {
  name: string;
  partitions: number;
  /** Kafka topic configs as strings, e.g. { 'cleanup.policy': 'compact', 'retention.ms': '604800000' }. */
  configs: Record<string, string>;
}

export interface GroupDescription {
  groupId: string;
  /** Empty, Stable, PreparingRebalance, CompletingRebalance or Dead, as Kafka names them. */
  state: string;
  members: number;
  /** Committed offsets by topic, then partition. */
  offsets: Record<string, Record<number, number>>;
}

/** In-process administration of the embedded broker (what alikafka's control plane does to its cluster). */
export interface BrokerAdmin {
  readonly bootstrapServers: string;
  createTopic(name: string, opts: { partitions: number; configs?: Record<string, string> }): Promise<void>;
  deleteTopic(name: string): Promise<void>;
  listTopics(): Promise<TopicDescription[]>;
  describeTopic(name: string): Promise<TopicDescription | undefined>;
  /** Log end offset (high watermark) of each partition. */
  highWatermarks(topic: string): Promise<number[]>;
  listGroups(): Promise<GroupDescription[]>;
  deleteGroup(groupId: string): Promise<void>;
}

/** A function as FC stores it, with its code unpacked on disk. */
export interface FunctionSpec {
  serviceName: string;
  functionName: string;
  /** Directory holding the unzipped code package. */
  codeDir: string;
  /** e.g. 'index.handler': file index.js (or .mjs/.cjs), export handler. */
  handler: string;
  /** e.g. 'nodejs18', 'nodejs20'. */
  runtime: string;
  timeoutSeconds: number;
  memorySizeMB: number;
  environmentVariables: Record<string, string>;
  /** The service's logConfig: the Log Service project and logstore FC ships the function's logs to. */
  logConfig?: LogTarget;
}

/** A Log Service logstore, as a service's logConfig names it. */
export interface LogTarget {
  project: string;
  logstore: string;
}

export interface InvocationResult {
  /** 'ok' when the handler returned, 'error' when it threw, timed out or crashed. */
  status: 'ok' | 'error';
  /** What the handler returned (JSON-serialised) or the error message. */
  payload: string;
  requestId: string;
  durationMs: number;
}

/** An `eventbridge` trigger with a Kafka source, with the fields of FC's triggerConfig that matter locally. */
export interface KafkaTriggerSpec {
  serviceName: string;
  functionName: string;
  triggerName: string;
  /** The source instance, named in the CloudEvents' subject. */
  instanceId?: string;
  bootstrapServers: string;
  topic: string;
  consumerGroup: string;
  offsetReset: 'latest' | 'earliest';
  /** runOptions.maximumTasks: consumer concurrency. */
  maximumTasks: number;
  /** runOptions.errorsTolerance: ALL = log and continue, NONE = stop the partition at the failing event. */
  errorsTolerance: 'ALL' | 'NONE';
  retryStrategy: { pushRetryStrategy: 'BACKOFF_RETRY' | 'EXPONENTIAL_DECAY_RETRY'; maximumRetryAttempts: number };
  /** Topic that receives events whose delivery finally failed (errorsTolerance ALL). */
  deadLetterTopic?: string;
  batchWindow: { countBasedWindow: number; timeBasedWindowSeconds: number };
}

/** 'starting' until the event stream runs (EventBridge takes a while to start one), then 'running'. */
export type TriggerState = 'starting' | 'running' | 'stopped' | 'failed';

export interface FunctionLogEntry {
  time: string;
  requestId: string;
  serviceName: string;
  functionName: string;
  level: 'info' | 'error';
  message: string;
  /** Where FC shipped the line: the service's logConfig when it was written (none: the line is in no logstore). */
  logConfig?: LogTarget;
}

/** Which function logs a Log Service query reads: one logstore's, written in [fromMs, toMs). */
export interface FunctionLogFilter extends LogTarget {
  fromMs: number;
  toMs: number;
}

/** Runs uploaded functions locally, and the Kafka triggers that feed them. */
export interface FcRuntime {
  invoke(fn: FunctionSpec, event: Buffer): Promise<InvocationResult>;
  /**
   * Starts (or restarts with the new spec) consuming for a trigger; `resolveFunction` returns the current function.
   * Resolves once the start position is fixed; the stream runs later (triggerState says when).
   */
  startTrigger(trigger: KafkaTriggerSpec, resolveFunction: () => FunctionSpec | undefined): Promise<void>;
  stopTrigger(serviceName: string, functionName: string, triggerName: string): Promise<void>;
  triggerState(serviceName: string, functionName: string, triggerName: string): { state: TriggerState; lastError?: string } | undefined;
  logs(serviceName: string, functionName: string, opts?: { limit?: number }): FunctionLogEntry[];
  /** Every function's lines shipped to one logstore in a time range, oldest first (what the local Log Service reads). */
  readLogs(filter: FunctionLogFilter): Promise<FunctionLogEntry[]>;
  close(): Promise<void>;
}
