import type { FunctionSpec } from '../contracts.js';
import { codeFingerprint } from './code-fingerprint.js';
import { CodeSnapshots } from './code-snapshot.js';
import { FunctionInstance, type InstanceLogLine, type InstanceOutcome } from './function-instance.js';

export interface InstancePoolOptions {
  runnerPath: () => Promise<string>;
  /** Where the per-version copies of function code go. */
  snapshotDir: string;
  regionId: string;
  accountId: string;
  onLog: (fn: FunctionSpec, line: InstanceLogLine) => void;
}

/**
 * Warm instances per function. An invocation takes an idle instance of the current code version or starts
 * a new one (FC scales out the same way); instances of an older version, dead ones and timed-out ones are
 * dropped.
 */
export class InstancePool {
  private readonly instances = new Map<string, FunctionInstance[]>();
  private readonly snapshots: CodeSnapshots;
  private closed = false;

  constructor(private readonly options: InstancePoolOptions) {
    this.snapshots = new CodeSnapshots(options.snapshotDir);
  }

  async run(fn: FunctionSpec, requestId: string, event: Buffer): Promise<InstanceOutcome> {
    if (this.closed) return { status: 'error', payload: 'The function runtime is closed' };
    const instance = await this.acquire(fn);
    try {
      return await instance.invoke(requestId, event);
    } finally {
      if (!instance.alive) this.remove(fn, instance);
    }
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const all = [...this.instances.values()].flat();
    this.instances.clear();
    await Promise.all(all.map((instance) => instance.killAndWait()));
    await this.snapshots.removeAll();
  }

  private async acquire(fn: FunctionSpec): Promise<FunctionInstance> {
    const fingerprint = await codeFingerprint(fn);
    const key = keyOf(fn);
    const list = this.instances.get(key) ?? [];
    const current: FunctionInstance[] = [];
    for (const instance of list) {
      if (instance.alive && instance.fingerprint === fingerprint) current.push(instance);
      else if (!instance.busy) instance.kill();
      // a busy instance of an older version finishes its invocation and is dropped afterwards
    }
    this.instances.set(key, current);
    const idle = current.find((instance) => !instance.busy);
    if (idle) {
      idle.reserve();
      return idle;
    }
    const codeDir = await this.snapshots.get(fn.codeDir, fingerprint);
    const fresh = new FunctionInstance(fn, {
      codeDir,
      runnerPath: await this.options.runnerPath(),
      fingerprint,
      regionId: this.options.regionId,
      accountId: this.options.accountId,
      onLog: (line) => this.options.onLog(fn, line),
    });
    // re-read: other invocations may have changed the list while the runner path resolved
    const latest = this.instances.get(key) ?? [];
    latest.push(fresh);
    this.instances.set(key, latest);
    fresh.reserve();
    if (this.closed) fresh.kill();
    return fresh;
  }

  private remove(fn: FunctionSpec, instance: FunctionInstance): void {
    const key = keyOf(fn);
    const list = this.instances.get(key);
    if (list) this.instances.set(key, list.filter((candidate) => candidate !== instance));
  }
}

function keyOf(fn: FunctionSpec): string {
  return `${fn.serviceName}/${fn.functionName}`;
}
