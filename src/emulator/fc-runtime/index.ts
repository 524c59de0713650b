import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { FcRuntime, FunctionLogEntry, FunctionLogFilter, FunctionSpec, InvocationResult, KafkaTriggerSpec, TriggerState } from '../contracts.js';
import { InstancePool } from './instance-pool.js';
import { KafkaTrigger } from './kafka-trigger.js';
import { FunctionLogStore } from './log-store.js';
import { resolveRunnerPath } from './runner-path.js';
import { StreamStartDelay } from './stream-start-delay.js';
import { triggerSpecProblems } from './trigger-spec-rules.js';

export type { LocalKafkaTriggerSpec } from './kafka-trigger.js';
export type { KafkaCloudEvent, KafkaEventData } from './cloud-events.js';

export interface FcRuntimeOptions {
  /**
   * Function logs go to `<dataDir>/fc-logs/`; instances' copies of the code to `<dataDir>/fc-runtime/code/`
   * (removed on close); the runner bundle, when running from sources, to `<dataDir>/fc-runtime/`.
   */
  dataDir: string;
  log?: (line: string) => void;
  /** Shown to functions as context.region and in the CloudEvents. Default cn-hangzhou. */
  regionId?: string;
  /** Shown to functions as context.accountId and in the CloudEvents. */
  accountId?: string;
  /** Base wait between a trigger's retries (BACKOFF_RETRY: fixed; EXPONENTIAL_DECAY_RETRY: doubling). Default 200 ms. */
  retryBaseMs?: number;
  /** How long a trigger's event stream takes to start (stream-start-delay.ts). Default 0. */
  eventStreamStartDelayMs?: number;
  /** Fault mode: event streams re-form batches on replay and commit inside batches (stream-boundaries.ts). Default off. */
  reformBatchesOnReplay?: boolean;
}

/** The function runtime, with the knobs of the local EventBridge the local cloud's owner may turn. */
export interface LocalFcRuntime extends FcRuntime {
  /** Changes how long event streams take to start, also for streams waiting now (Infinity: until changed again). */
  setEventStreamStartDelay(ms: number): void;
}

const DEFAULT_ACCOUNT_ID = '1000000000000000';

export function createFcRuntime(opts: FcRuntimeOptions): LocalFcRuntime {
  return new Runtime(opts);
}

/** Runs functions in pooled worker processes, and the Kafka triggers that feed them. */
class Runtime implements LocalFcRuntime {
  private readonly log: (line: string) => void;
  private readonly regionId: string;
  private readonly accountId: string;
  private readonly logStore: FunctionLogStore;
  private readonly pool: InstancePool;
  private readonly triggers = new Map<string, KafkaTrigger>();
  private readonly stoppedStates = new Map<string, { state: TriggerState; lastError?: string }>();
  private readonly startDelay: StreamStartDelay;
  private closed = false;

  constructor(private readonly opts: FcRuntimeOptions) {
    this.log = opts.log ?? (() => undefined);
    this.regionId = opts.regionId ?? 'cn-hangzhou';
    this.accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
    this.startDelay = new StreamStartDelay(opts.eventStreamStartDelayMs ?? 0);
    this.logStore = new FunctionLogStore(join(opts.dataDir, 'fc-logs'));
    let runnerPath: Promise<string> | undefined;
    this.pool = new InstancePool({
      runnerPath: () => (runnerPath ??= resolveRunnerPath(join(opts.dataDir, 'fc-runtime'))),
      snapshotDir: join(opts.dataDir, 'fc-runtime', 'code'),
      regionId: this.regionId,
      accountId: this.accountId,
      onLog: (fn, line) => this.logStore.append({ ...shippedTo(fn), ...line }),
    });
  }

  readonly invoke = async (fn: FunctionSpec, event: Buffer): Promise<InvocationResult> => {
    const requestId = randomUUID();
    const started = Date.now();
    const record = (level: 'info' | 'error', message: string): void =>
      this.logStore.append({ ...shippedTo(fn), requestId, level, message });
    record('info', `FC Invoke Start RequestId: ${requestId}`);
    const outcome = await this.runSupported(fn, requestId, event).catch((err: unknown) => ({
      status: 'error' as const,
      payload: `Function instance could not start: ${err instanceof Error ? err.message : String(err)}`,
    }));
    const durationMs = Date.now() - started;
    if (outcome.status === 'error') record('error', `Error: ${outcome.payload}`);
    record('info', `FC Invoke End RequestId: ${requestId}, Duration: ${durationMs} ms`);
    return { status: outcome.status, payload: outcome.payload, requestId, durationMs };
  };

  private runSupported(fn: FunctionSpec, requestId: string, event: Buffer): Promise<{ status: 'ok' | 'error'; payload: string }> {
    if (!/^nodejs\d+$/.test(fn.runtime)) {
      return Promise.resolve({ status: 'error', payload: `runtime: the local cloud runs nodejs runtimes only (e.g. nodejs20), not ${JSON.stringify(fn.runtime)}` });
    }
    return this.pool.run(fn, requestId, event);
  }

  setEventStreamStartDelay(ms: number): void {
    this.startDelay.set(ms);
  }

  /**
   * Rejects, listing every problem, when the spec cannot run. Resolves once the stream's start position is fixed;
   * the stream itself starts in the background ('starting', then 'running'), and a start that fails shows in triggerState.
   */
  async startTrigger(spec: KafkaTriggerSpec, resolveFunction: () => FunctionSpec | undefined): Promise<void> {
    const problems = triggerSpecProblems(spec);
    if (problems.length > 0) throw new Error(`Invalid Kafka trigger ${spec.triggerName}: ${problems.join('; ')}`);
    if (this.closed) throw new Error('The function runtime is closed');
    await this.stopTrigger(spec.serviceName, spec.functionName, spec.triggerName);
    const key = triggerKey(spec.serviceName, spec.functionName, spec.triggerName);
    const { log, regionId, accountId } = this;
    const trigger = new KafkaTrigger(spec, {
      invoke: this.invoke, resolveFunction, log, retryBaseMs: this.opts.retryBaseMs ?? 200, regionId, accountId, startDelay: this.startDelay,
      reformBatchesOnReplay: this.opts.reformBatchesOnReplay ?? false,
    });
    this.triggers.set(key, trigger);
    this.stoppedStates.delete(key);
    await trigger.start();
  }

  async stopTrigger(serviceName: string, functionName: string, triggerName: string): Promise<void> {
    const key = triggerKey(serviceName, functionName, triggerName);
    const trigger = this.triggers.get(key);
    if (!trigger) return;
    this.triggers.delete(key);
    await trigger.stop();
    this.stoppedStates.set(key, trigger.state);
  }

  triggerState(serviceName: string, functionName: string, triggerName: string) {
    const key = triggerKey(serviceName, functionName, triggerName);
    return this.triggers.get(key)?.state ?? this.stoppedStates.get(key);
  }

  logs(serviceName: string, functionName: string, logOpts?: { limit?: number }): FunctionLogEntry[] {
    return this.logStore.list(serviceName, functionName, logOpts?.limit);
  }

  readLogs(filter: FunctionLogFilter): Promise<FunctionLogEntry[]> {
    return this.logStore.read(filter);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.triggers.values()];
    this.triggers.clear();
    // Killing the instances first ends in-flight invocations, so the triggers stop without waiting for them.
    const stopping = all.map((trigger) => trigger.stop());
    await this.pool.closeAll();
    await Promise.all(stopping);
    await this.logStore.flush();
  }
}

/** Whose line it is, and the logstore FC ships it to (the service's logConfig at the time of the invocation). */
function shippedTo(fn: FunctionSpec): Pick<FunctionLogEntry, 'serviceName' | 'functionName' | 'logConfig'> {
  return { serviceName: fn.serviceName, functionName: fn.functionName, ...(fn.logConfig ? { logConfig: fn.logConfig } : {}) };
}

function triggerKey(serviceName: string, functionName: string, triggerName: string): string {
  return `${serviceName}/${functionName}/${triggerName}`;
}
