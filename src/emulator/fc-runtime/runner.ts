/**
 * The body of one function instance: a forked Node process that loads the user's handler once and serves
 * invocations sent by the parent, one at a time, like an FC nodejs instance.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import type { ChildMessage, InvokeMessage, ParentMessage } from './runner-protocol.js';

type Handler = (event: Buffer, context: unknown, callback: (err?: unknown, value?: unknown) => void) => unknown;

let loadedHandler: Promise<Handler> | undefined;

function send(message: ChildMessage): void {
  process.send?.(message);
}

/** 'src/index.handler' → file src/index.js|.mjs|.cjs in the code directory, export `handler`. */
async function loadHandler(handlerSpec: string): Promise<Handler> {
  const codeDir = process.cwd();
  const dot = handlerSpec.lastIndexOf('.');
  if (dot <= 0 || dot === handlerSpec.length - 1) {
    throw new Error(`Invalid handler '${handlerSpec}': expected <file>.<export>, e.g. index.handler`);
  }
  const modulePath = handlerSpec.slice(0, dot);
  const exportName = handlerSpec.slice(dot + 1);
  const candidates = ['.js', '.mjs', '.cjs', ''].map((ext) => join(codeDir, modulePath + ext));
  const file = candidates.find((candidate) => existsSync(candidate));
  if (!file) throw new Error(`Handler '${handlerSpec}': no file ${modulePath}.js, .mjs or .cjs in the code package`);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown> & { default?: Record<string, unknown> };
  const candidate = mod[exportName] ?? mod.default?.[exportName];
  if (typeof candidate !== 'function') {
    throw new Error(`Handler '${handlerSpec}': ${modulePath} does not export a function named '${exportName}'`);
  }
  return candidate as Handler;
}

/** Supports both `handler(event, context, callback)` and handlers that return a value or a promise. */
function callHandler(handler: Handler, event: Buffer, context: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const callback = (err?: unknown, value?: unknown): void => (err ? reject(err) : resolve(value));
    const returned = handler(event, context, callback);
    if (returned !== null && typeof returned === 'object' && typeof (returned as Promise<unknown>).then === 'function') {
      (returned as Promise<unknown>).then(resolve, reject);
    } else if (handler.length < 3) {
      resolve(returned);
    }
  });
}

function serialiseResult(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return JSON.stringify(value);
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return JSON.stringify(err) ?? String(err);
}

function makeContext(message: InvokeMessage): unknown {
  const { requestId } = message.context;
  const write = (level: 'info' | 'error') => (...args: unknown[]) => send({ type: 'log', requestId, level, message: format(...args) });
  return {
    ...message.context,
    // FC hands the service role's STS credentials here; the local cloud has no role to assume.
    credentials: { accessKeyId: '', accessKeySecret: '', securityToken: '' },
    logger: { info: write('info'), log: write('info'), debug: write('info'), warn: write('info'), error: write('error') },
  };
}

async function serve(message: InvokeMessage): Promise<void> {
  const { requestId } = message.context;
  try {
    loadedHandler ??= loadHandler(message.context.function.handler);
    const handler = await loadedHandler.catch((err: unknown) => {
      loadedHandler = undefined;
      throw err;
    });
    const value = await callHandler(handler, Buffer.from(message.eventBase64, 'base64'), makeContext(message));
    send({ type: 'result', requestId, status: 'ok', payload: serialiseResult(value) });
  } catch (err) {
    const stack = err instanceof Error && err.stack ? err.stack : errorMessage(err);
    send({ type: 'log', requestId, level: 'error', message: stack });
    send({ type: 'result', requestId, status: 'error', payload: errorMessage(err) });
  }
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'invoke') void serve(message);
});
// Errors that escape the handler's promise chain end the instance, as they do on FC.
process.on('uncaughtException', (err) => {
  process.stderr.write(`Uncaught exception: ${err.stack ?? err.message}\n`);
  process.exit(129);
});
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`Unhandled rejection: ${errorMessage(reason)}\n`);
  process.exit(129);
});
// The runtime went away (closed or crashed): an instance never outlives it.
process.on('disconnect', () => process.exit(0));
