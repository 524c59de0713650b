import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { FunctionSpec } from '../contracts.js';
import type { ChildMessage, InvokeMessage } from './runner-protocol.js';

export interface InstanceLogLine {
  requestId: string;
  level: 'info' | 'error';
  message: string;
}

export interface InstanceOutcome {
  status: 'ok' | 'error';
  payload: string;
}

export interface InstanceOptions {
  /** The instance's own copy of the function code. */
  codeDir: string;
  runnerPath: string;
  fingerprint: string;
  regionId: string;
  accountId: string;
  onLog: (line: InstanceLogLine) => void;
}

interface PendingInvocation {
  requestId: string;
  settle: (outcome: InstanceOutcome) => void;
  timer: NodeJS.Timeout;
}

/**
 * One warm FC instance: a forked runner process serving one invocation at a time. It is killed at the
 * function's timeout, and it is dead (never reused) after a timeout, a crash or `kill()`.
 */
export class FunctionInstance {
  readonly fingerprint: string;
  private readonly child: ChildProcess;
  private pending: PendingInvocation | undefined;
  /** Output printed between invocations (module init, stray timers) is attributed to the last request. */
  private lastRequestId = '';
  private exited = false;
  private killed = false;
  /** Taken by the pool for an invocation about to start, so that no other caller picks it meanwhile. */
  private reserved = false;

  constructor(
    private readonly fn: FunctionSpec,
    private readonly options: InstanceOptions,
  ) {
    this.fingerprint = options.fingerprint;
    this.child = fork(options.runnerPath, [], {
      cwd: options.codeDir,
      env: instanceEnvironment(fn, options),
      execArgv: [`--max-old-space-size=${Math.max(16, fn.memorySizeMB)}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.forwardOutput(this.child.stdout, 'info');
    this.forwardOutput(this.child.stderr, 'error');
    this.child.on('message', (message: ChildMessage) => this.onMessage(message));
    this.child.on('error', (err) => this.onExit(`Function instance failed: ${err.message}`));
    this.child.on('exit', (code, signal) => {
      const how = signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`;
      this.onExit(`Process exited unexpectedly before completing request (${how})`);
    });
  }

  /** False as soon as the instance was killed, before the process has actually gone. */
  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  get busy(): boolean {
    return this.reserved || this.pending !== undefined;
  }

  reserve(): void {
    this.reserved = true;
  }

  invoke(requestId: string, event: Buffer): Promise<InstanceOutcome> {
    this.reserved = false;
    if (!this.alive) return Promise.resolve({ status: 'error', payload: 'Function instance is not running' });
    if (this.pending) throw new Error('a function instance serves one invocation at a time');
    this.lastRequestId = requestId;
    return new Promise<InstanceOutcome>((resolve) => {
      const timeoutSeconds = this.fn.timeoutSeconds;
      const timer = setTimeout(() => {
        this.settle({ status: 'error', payload: `Function timed out after ${timeoutSeconds} seconds` });
        this.kill();
      }, timeoutSeconds * 1000);
      this.pending = { requestId, settle: resolve, timer };
      const message: InvokeMessage = {
        type: 'invoke',
        eventBase64: event.toString('base64'),
        context: {
          requestId,
          region: this.options.regionId,
          accountId: this.options.accountId,
          function: { name: this.fn.functionName, handler: this.fn.handler, memory: this.fn.memorySizeMB, timeout: timeoutSeconds },
          service: { name: this.fn.serviceName },
        },
      };
      this.child.send(message, (err) => {
        if (err) this.settle({ status: 'error', payload: `Could not reach the function instance: ${err.message}` });
      });
    });
  }

  kill(): void {
    this.killed = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** Resolves once the process is gone. */
  async killAndWait(): Promise<void> {
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.kill();
    await gone;
  }

  private onMessage(message: ChildMessage): void {
    if (message.type === 'log') {
      this.options.onLog({ requestId: message.requestId, level: message.level, message: message.message });
    } else if (message.type === 'result' && this.pending?.requestId === message.requestId) {
      this.settle({ status: message.status, payload: message.payload });
    }
  }

  private onExit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    if (this.pending) {
      this.options.onLog({ requestId: this.pending.requestId, level: 'error', message: reason });
      this.settle({ status: 'error', payload: reason });
    }
  }

  private settle(outcome: InstanceOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.settle(outcome);
  }

  private forwardOutput(stream: Readable | null, level: 'info' | 'error'): void {
    if (!stream) return;
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      const requestId = this.pending?.requestId ?? this.lastRequestId;
      this.options.onLog({ requestId, level, message: line });
    });
  }
}

/** A clean environment: the function's variables, FC's own, and PATH/HOME — never the parent's secrets. */
function instanceEnvironment(fn: FunctionSpec, options: InstanceOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    FC_FUNCTION_NAME: fn.functionName,
    FC_SERVICE_NAME: fn.serviceName,
    FC_FUNCTION_HANDLER: fn.handler,
    FC_FUNCTION_MEMORY_SIZE: String(fn.memorySizeMB),
    FC_FUNC_CODE_PATH: options.codeDir,
    FC_REGION: options.regionId,
    FC_ACCOUNT_ID: options.accountId,
    FC_RUNTIME: fn.runtime,
  };
  return { ...env, ...fn.environmentVariables };
}
