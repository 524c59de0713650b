import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FcRuntime } from '../../../src/emulator/contracts.js';
import { createFcRuntime } from '../../../src/emulator/fc-runtime/index.js';
import { tempDataDir, writeFunction } from './function-fixtures.js';

let runtime: FcRuntime;
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDataDir();
  runtime = createFcRuntime({ dataDir, regionId: 'cn-shanghai', accountId: '1234567890' });
});

afterAll(async () => {
  await runtime.close();
});

describe('close', () => {
  it('ends in-flight invocations and kills every instance', async () => {
    const own = createFcRuntime({ dataDir: await tempDataDir() });
    const fn = await writeFunction(
      { 'index.js': `exports.handler = async (event) => event.toString() === 'pid' ? process.pid : new Promise(() => {});` },
      { timeoutSeconds: 300 },
    );
    const pid = Number((await own.invoke(fn, Buffer.from('pid'))).payload);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0)).not.toThrow();
    const hanging = own.invoke(fn, Buffer.from('hang'));
    await expect.poll(() => own.logs(fn.serviceName, fn.functionName).filter((e) => e.message.startsWith('FC Invoke Start')).length).toBe(2);
    await own.close();
    expect(await hanging).toMatchObject({ status: 'error' });
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await own.invoke(fn, Buffer.from('pid'))).toMatchObject({ status: 'error', payload: 'The function runtime is closed' });
  });
});

describe('invoke', () => {
  it('runs a CommonJS callback handler with the event as a Buffer and the FC context', async () => {
    const fn = await writeFunction({
      'index.js': `
        exports.handler = (event, context, callback) => {
          callback(null, {
            isBuffer: Buffer.isBuffer(event),
            text: event.toString('utf8'),
            requestId: context.requestId,
            fn: context.function,
            service: context.service.name,
            region: context.region,
            accountId: context.accountId,
          });
        };`,
    }, { memorySizeMB: 256, timeoutSeconds: 7 });
    const result = await runtime.invoke(fn, Buffer.from('hello'));
    expect(result.status).toBe('ok');
    const payload = JSON.parse(result.payload) as Record<string, unknown>;
    expect(payload).toEqual({
      isBuffer: true,
      text: 'hello',
      requestId: result.requestId,
      fn: { name: fn.functionName, handler: 'index.handler', memory: 256, timeout: 7 },
      service: 'svc',
      region: 'cn-shanghai',
      accountId: '1234567890',
    });
  });

  it('runs an async ESM handler from index.mjs', async () => {
    const fn = await writeFunction({
      'index.mjs': `export const handler = async (event) => ({ upper: event.toString().toUpperCase() });`,
    });
    const result = await runtime.invoke(fn, Buffer.from('esm'));
    expect(result).toMatchObject({ status: 'ok', payload: '{"upper":"ESM"}' });
  });

  it('runs ESM from index.js when the code package says "type": "module"', async () => {
    const fn = await writeFunction({
      'package.json': '{"type":"module"}',
      'index.js': `import { format } from 'node:util'; export async function handler(event) { return format('%s!', event.toString()); }`,
    });
    expect(await runtime.invoke(fn, Buffer.from('module'))).toMatchObject({ status: 'ok', payload: 'module!' });
  });

  it('treats index.js as CommonJS, as FC does, even when the code sits inside a "type": "module" project', async () => {
    const project = await tempDataDir();
    await writeFile(join(project, 'package.json'), '{"type":"module"}');
    const codeDir = join(project, 'functions', 'code');
    await mkdir(codeDir, { recursive: true });
    await writeFile(join(codeDir, 'index.js'), `exports.handler = (event, context, callback) => callback(null, 'cjs ' + typeof require);`);
    const fn = await writeFunction({}, { codeDir });
    expect(await runtime.invoke(fn, Buffer.from(''))).toMatchObject({ status: 'ok', payload: 'cjs function' });
  });

  it('gives the function its environment variables and not the parent process secrets', async () => {
    process.env.FC_RUNTIME_TEST_PARENT_SECRET = 'parent-only';
    const fn = await writeFunction(
      {
        'index.js': `exports.handler = async () => ({
          target: process.env.TARGET_BUCKET,
          parentSecret: process.env.FC_RUNTIME_TEST_PARENT_SECRET ?? null,
          fcName: process.env.FC_FUNCTION_NAME,
          hasPath: typeof process.env.PATH === 'string',
        });`,
      },
      { environmentVariables: { TARGET_BUCKET: 'my-bucket' } },
    );
    const result = await runtime.invoke(fn, Buffer.alloc(0));
    delete process.env.FC_RUNTIME_TEST_PARENT_SECRET;
    expect(JSON.parse(result.payload)).toEqual({ target: 'my-bucket', parentSecret: null, fcName: fn.functionName, hasPath: true });
  });

  it('reports a throwing handler as an error with its message, and logs it under the request id', async () => {
    const fn = await writeFunction({ 'index.js': `exports.handler = async () => { throw new Error('bucket is gone'); };` });
    const result = await runtime.invoke(fn, Buffer.from('x'));
    expect(result.status).toBe('error');
    expect(result.payload).toBe('bucket is gone');
    const errors = runtime.logs(fn.serviceName, fn.functionName).filter((entry) => entry.level === 'error');
    expect(errors.some((entry) => entry.requestId === result.requestId && entry.message.includes('bucket is gone'))).toBe(true);
  });

  it('reports a callback error', async () => {
    const fn = await writeFunction({ 'index.js': `exports.handler = (e, c, cb) => cb(new Error('callback said no'));` });
    expect(await runtime.invoke(fn, Buffer.from('x'))).toMatchObject({ status: 'error', payload: 'callback said no' });
  });

  it('reports a missing handler export clearly', async () => {
    const fn = await writeFunction({ 'index.js': `exports.other = () => 1;` });
    const result = await runtime.invoke(fn, Buffer.from('x'));
    expect(result.status).toBe('error');
    expect(result.payload).toContain(`does not export a function named 'handler'`);
  });

  it('serves concurrent invocations of one function from separate instances', async () => {
    const fn = await writeFunction({
      'index.js': `exports.handler = (event, context, callback) => setTimeout(() => callback(null, process.pid), 200);`,
    });
    const results = await Promise.all([1, 2, 3].map(() => runtime.invoke(fn, Buffer.from(''))));
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(new Set(results.map((r) => r.payload)).size).toBe(3);
  });

  it('refuses a runtime it cannot run, naming it', async () => {
    const fn = await writeFunction({ 'index.py': 'def handler(event, context): return 1' }, { runtime: 'python3.10' });
    expect(await runtime.invoke(fn, Buffer.from(''))).toMatchObject({
      status: 'error',
      payload: 'runtime: the local cloud runs nodejs runtimes only (e.g. nodejs20), not "python3.10"',
    });
  });

  it('kills a handler that never returns at its timeout, and the next invocation gets a fresh instance', async () => {
    const fn = await writeFunction(
      {
        'index.js': `
          let calls = 0;
          exports.handler = async (event) => {
            calls += 1;
            if (event.toString() === 'hang') return new Promise(() => {});
            return { calls };
          };`,
      },
      { timeoutSeconds: 1 },
    );
    const hung = await runtime.invoke(fn, Buffer.from('hang'));
    expect(hung).toMatchObject({ status: 'error', payload: 'Function timed out after 1 seconds' });
    const next = await runtime.invoke(fn, Buffer.from('ok'));
    expect(next).toMatchObject({ status: 'ok', payload: '{"calls":1}' });
  });

  it('keeps an instance warm between invocations and restarts it when the code changes', async () => {
    const fn = await writeFunction({ 'index.js': `let calls = 0; exports.handler = async () => ({ version: 1, calls: ++calls });` });
    expect((await runtime.invoke(fn, Buffer.from(''))).payload).toBe('{"version":1,"calls":1}');
    expect((await runtime.invoke(fn, Buffer.from(''))).payload).toBe('{"version":1,"calls":2}');
    await writeFile(join(fn.codeDir, 'index.js'), `let calls = 0; exports.handler = async () => ({ version: 2, calls: ++calls });`);
    expect((await runtime.invoke(fn, Buffer.from(''))).payload).toBe('{"version":2,"calls":1}');
  });

  it('restarts an instance after it crashed', async () => {
    const fn = await writeFunction({
      'index.js': `exports.handler = async (event) => { if (event.toString() === 'crash') process.exit(3); return 'alive'; };`,
    });
    const crashed = await runtime.invoke(fn, Buffer.from('crash'));
    expect(crashed.status).toBe('error');
    expect(crashed.payload).toContain('code 3');
    expect(await runtime.invoke(fn, Buffer.from('again'))).toMatchObject({ status: 'ok', payload: 'alive' });
  });

  it('returns the latest entries first-to-last, up to the limit', async () => {
    const fn = await writeFunction({ 'index.js': `exports.handler = async (event, context) => { context.logger.info('line', event.toString()); };` });
    for (const n of ['1', '2', '3']) await runtime.invoke(fn, Buffer.from(n));
    const last = runtime.logs(fn.serviceName, fn.functionName, { limit: 2 });
    expect(last).toHaveLength(2);
    expect(last[1]?.message).toMatch(/^FC Invoke End RequestId: /);
    expect(runtime.logs(fn.serviceName, fn.functionName).filter((e) => e.message.startsWith('line ')).map((e) => e.message)).toEqual([
      'line 1',
      'line 2',
      'line 3',
    ]);
  });

  it('captures stdout, stderr and context.logger into the function log and persists it as JSON lines', async () => {
    const fn = await writeFunction({
      'index.js': `exports.handler = async (event, context) => {
        console.log('to stdout');
        console.error('to stderr');
        context.logger.info('via logger', 42);
        return 'done';
      };`,
    });
    const result = await runtime.invoke(fn, Buffer.from(''));
    // stdout arrives on its own pipe; wait until the line is there rather than assuming an order
    await expect.poll(() => runtime.logs(fn.serviceName, fn.functionName).map((entry) => entry.message)).toContain('to stderr');
    const entries = runtime.logs(fn.serviceName, fn.functionName).filter((entry) => entry.requestId === result.requestId);
    const messages = entries.map((entry) => `${entry.level}:${entry.message}`);
    expect(messages).toContain('info:to stdout');
    expect(messages).toContain('error:to stderr');
    expect(messages).toContain('info:via logger 42');
    await runtime.close();
    const persisted = (await readFile(join(dataDir, 'fc-logs', 'svc', `${fn.functionName}.jsonl`), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { message: string; requestId: string });
    expect(persisted.some((entry) => entry.message === 'via logger 42' && entry.requestId === result.requestId)).toBe(true);
    runtime = createFcRuntime({ dataDir });
    expect(runtime.logs(fn.serviceName, fn.functionName).map((entry) => entry.message)).toContain('via logger 42');
  });
});
