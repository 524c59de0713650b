import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { FcRuntime, FunctionLogEntry, FunctionSpec, InvocationResult, KafkaTriggerSpec, TriggerState } from '../contracts.js';
import { InstancePool } from './instance-pool.js';
import { KafkaTrigger } from './kafka-trigger.js';
import { FunctionLogStore } from './log-store.js';
import { resolveRunnerPath } from './runner-path.js';
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
}

const DEFAULT_ACCOUNT_ID = '1000000000000000';

export function createFcRuntime(opts: FcRuntimeOptions): FcRuntime {
  const log = opts.log ?? (() => undefined);
  const regionId = opts.regionId ?? 'cn-hangzhou';
  const accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
  const logStore = new FunctionLogStore(join(opts.dataDir, 'fc-logs'));
  let runnerPath: Promise<string> | undefined;
  const pool = new InstancePool({
    runnerPath: () => (runnerPath ??= resolveRunnerPath(join(opts.dataDir, 'fc-runtime'))),
    snapshotDir: join(opts.dataDir, 'fc-runtime', 'code'),
    regionId,
    accountId,
    onLog: (fn, line) => logStore.append({ serviceName: fn.serviceName, functionName: fn.functionName, ...line }),
  });
  const triggers = new Map<string, KafkaTrigger>();
  const stoppedStates = new Map<string, { state: TriggerState; lastError?: string }>();
  let closed = false;

  async function invoke(fn: FunctionSpec, event: Buffer): Promise<InvocationResult> {
    const requestId = randomUUID();
    const started = Date.now();
    const record = (level: 'info' | 'error', message: string): void =>
      logStore.append({ serviceName: fn.serviceName, functionName: fn.functionName, requestId, level, message });
    record('info', `FC Invoke Start RequestId: ${requestId}`);
    const outcome = await runSupported(fn, requestId, event).catch((err: unknown) => ({
      status: 'error' as const,
      payload: `Function instance could not start: ${err instanceof Error ? err.message : String(err)}`,
    }));
    const durationMs = Date.now() - started;
    if (outcome.status === 'error') record('error', `Error: ${outcome.payload}`);
    record('info', `FC Invoke End RequestId: ${requestId}, Duration: ${durationMs} ms`);
    return { status: outcome.status, payload: outcome.payload, requestId, durationMs };
  }

  function runSupported(fn: FunctionSpec, requestId: string, event: Buffer): Promise<{ status: 'ok' | 'error'; payload: string }> {
    if (!/^nodejs\d+$/.test(fn.runtime)) {
      return Promise.resolve({ status: 'error', payload: `runtime: the local cloud runs nodejs runtimes only (e.g. nodejs20), not ${JSON.stringify(fn.runtime)}` });
    }
    return pool.run(fn, requestId, event);
  }

  async function stopTrigger(serviceName: string, functionName: string, triggerName: string): Promise<void> {
    const key = triggerKey(serviceName, functionName, triggerName);
    const trigger = triggers.get(key);
    if (!trigger) return;
    triggers.delete(key);
    await trigger.stop();
    stoppedStates.set(key, trigger.state);
  }

  return {
    invoke,

    /** Rejects, listing every problem, when the spec cannot run; a start that fails later shows in triggerState. */
    async startTrigger(spec: KafkaTriggerSpec, resolveFunction: () => FunctionSpec | undefined): Promise<void> {
      const problems = triggerSpecProblems(spec);
      if (problems.length > 0) throw new Error(`Invalid Kafka trigger ${spec.triggerName}: ${problems.join('; ')}`);
      if (closed) throw new Error('The function runtime is closed');
      await stopTrigger(spec.serviceName, spec.functionName, spec.triggerName);
      const key = triggerKey(spec.serviceName, spec.functionName, spec.triggerName);
      const trigger = new KafkaTrigger(spec, { invoke, resolveFunction, log, retryBaseMs: opts.retryBaseMs ?? 200, regionId, accountId });
      triggers.set(key, trigger);
      stoppedStates.delete(key);
      await trigger.start();
    },

    stopTrigger,

    triggerState(serviceName: string, functionName: string, triggerName: string) {
      const key = triggerKey(serviceName, functionName, triggerName);
      return triggers.get(key)?.state ?? stoppedStates.get(key);
    },

    logs(serviceName: string, functionName: string, logOpts?: { limit?: number }): FunctionLogEntry[] {
      return logStore.list(serviceName, functionName, logOpts?.limit);
    },

    async close(): Promise<void> {
      closed = true;
      const all = [...triggers.values()];
      triggers.clear();
      // Killing the instances first ends in-flight invocations, so the triggers stop without waiting for them.
      const stopping = all.map((trigger) => trigger.stop());
      await pool.closeAll();
      await Promise.all(stopping);
      await logStore.flush();
    },
  };
}

function triggerKey(serviceName: string, functionName: string, triggerName: string): string {
  return `${serviceName}/${functionName}/${triggerName}`;
}
