import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FcRuntime, FunctionSpec, KafkaTriggerSpec } from '../../../src/emulator/contracts.js';
import { createFcRuntime } from '../../../src/emulator/fc-runtime/index.js';
import type { KafkaCloudEvent } from '../../../src/emulator/fc-runtime/index.js';
import { tempDataDir, writeFunction } from './function-fixtures.js';
import { consumeWithKcat, produceWithKcat, startTestKafka, type TestKafka } from '../../support/test-kafka.js';

/** Appends every event it accepts to OUT_FILE and every attempt to ATTEMPTS_FILE; throws on the value FAIL_ON. */
const RECORDING_FUNCTION = `
const { appendFileSync } = require('node:fs');
exports.handler = (event, context, callback) => {
  const events = JSON.parse(event.toString('utf8'));
  appendFileSync(process.env.ATTEMPTS_FILE, events.map((e) => e.data.value).join(',') + '\\n');
  if (events.some((e) => e.data.value === process.env.FAIL_ON)) {
    callback(new Error('cannot handle ' + process.env.FAIL_ON));
    return;
  }
  appendFileSync(process.env.OUT_FILE, events.map((e) => JSON.stringify({ batchSize: events.length, event: e })).join('\\n') + '\\n');
  callback(null, { received: events.length });
};`;

interface Received {
  batchSize: number;
  event: KafkaCloudEvent;
}

let kafka: TestKafka;
let runtime: FcRuntime;
let dataDir: string;

beforeAll(async () => {
  kafka = await startTestKafka();
  dataDir = await tempDataDir();
  runtime = createFcRuntime({
    dataDir,
    retryBaseMs: 50,
    regionId: 'cn-hangzhou',
    accountId: '1234567890',
    // FC_RUNTIME_TEST_LOG=1 shows the trigger's own log while debugging
    log: process.env.FC_RUNTIME_TEST_LOG ? (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) : undefined,
  });
});

afterAll(async () => {
  await runtime?.close();
  await kafka?.close();
});

async function recordingFunction(failOn = '__never__'): Promise<{ fn: FunctionSpec; received: () => Received[]; attempts: () => string[] }> {
  const fn = await writeFunction({ 'index.js': RECORDING_FUNCTION });
  const outFile = join(fn.codeDir, '..', `${fn.functionName}.out`);
  const attemptsFile = join(fn.codeDir, '..', `${fn.functionName}.attempts`);
  fn.environmentVariables = { OUT_FILE: outFile, ATTEMPTS_FILE: attemptsFile, FAIL_ON: failOn };
  const lines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line.length > 0) : []);
  return {
    fn,
    received: () => lines(outFile).map((line) => JSON.parse(line) as Received),
    attempts: () => lines(attemptsFile),
  };
}

function triggerFor(fn: FunctionSpec, topic: string, overrides: Partial<KafkaTriggerSpec> = {}): KafkaTriggerSpec {
  return {
    serviceName: fn.serviceName,
    functionName: fn.functionName,
    triggerName: 'kafka',
    bootstrapServers: kafka.bootstrapServers,
    topic,
    consumerGroup: `connect-${topic}`,
    offsetReset: 'earliest',
    maximumTasks: 2,
    errorsTolerance: 'ALL',
    retryStrategy: { pushRetryStrategy: 'BACKOFF_RETRY', maximumRetryAttempts: 2 },
    batchWindow: { countBasedWindow: 1, timeBasedWindowSeconds: 0 },
    ...overrides,
  };
}

function valuesOf(received: Received[], partition?: number): string[] {
  return received.filter((r) => partition === undefined || r.event.data.partition === partition).map((r) => r.event.data.value ?? '');
}

async function committedOffsets(groupId: string, topic: string): Promise<Record<number, number>> {
  const admin = new Kafka({ brokers: [kafka.bootstrapServers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return Object.fromEntries((offsets?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  } finally {
    await admin.disconnect();
  }
}

const range = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('Kafka trigger', () => {
  it('delivers kcat-produced messages as CloudEvents in order per partition, batched by count', async () => {
    const { fn, received } = await recordingFunction();
    const topic = 'orders';
    await kafka.createTopic(topic);
    await produceWithKcat(kafka.bootstrapServers, topic, 0, range('a', 9).map((v) => `key-${v}:${v}`), true);
    await produceWithKcat(kafka.bootstrapServers, topic, 1, range('b', 9).map((v) => `key-${v}:${v}`), true);
    await produceWithKcat(kafka.bootstrapServers, topic, 2, range('c', 9).map((v) => `key-${v}:${v}`), true);
    await produceWithKcat(kafka.bootstrapServers, topic, 3, ['with-headers'], false, ['trace=abc', 'origin=kcat']);
    const spec = { ...triggerFor(fn, topic, { batchWindow: { countBasedWindow: 3, timeBasedWindowSeconds: 1 } }), instanceId: 'alikafka_pre-local' };
    await runtime.startTrigger(spec, () => fn);

    await expect.poll(() => received().length, { timeout: 30_000 }).toBe(28);
    const all = received();
    expect(all.find((r) => r.event.data.partition === 3)?.event.data).toMatchObject({
      value: 'with-headers',
      key: null,
      headers: { headers: [{ key: 'trace', value: 'abc' }, { key: 'origin', value: 'kcat' }], isReadOnly: false },
    });
    expect(valuesOf(all, 0)).toEqual(range('a', 9));
    expect(valuesOf(all, 1)).toEqual(range('b', 9));
    expect(valuesOf(all, 2)).toEqual(range('c', 9));
    expect(new Set(all.filter((r) => r.event.data.partition < 3).map((r) => r.batchSize))).toEqual(new Set([3]));

    const first = all.find((r) => r.event.data.value === 'a0')!.event;
    expect(first).toMatchObject({
      source: 'acs:alikafka',
      specversion: '1.0',
      type: 'alikafka:Topic:Message',
      datacontenttype: 'application/json; charset=utf-8',
      subject: 'acs:alikafka:alikafka_pre-local:topic:orders',
      aliyunaccountid: '1234567890',
      aliyunregionid: 'cn-hangzhou',
      data: { topic: 'orders', partition: 0, offset: 0, key: 'key-a0', value: 'a0', headers: { headers: [], isReadOnly: false } },
    });
    expect(typeof first.id).toBe('string');
    expect(new Date(first.time).getTime()).toBe(first.data.timestamp);
    expect(runtime.triggerState(fn.serviceName, fn.functionName, 'kafka')).toEqual({ state: 'running' });
    expect(await committedOffsets(spec.consumerGroup, topic)).toMatchObject({ 0: 9, 1: 9, 2: 9 });
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
  });

  it('runs up to maximumTasks partitions at once', async () => {
    // Each invocation waits until the other partition's invocation has started: only concurrent delivery succeeds.
    const fn = await writeFunction({
      'index.js': `
        const { existsSync, writeFileSync, appendFileSync } = require('node:fs');
        const { join } = require('node:path');
        exports.handler = async (event) => {
          const [first] = JSON.parse(event.toString());
          const mine = first.data.partition;
          writeFileSync(join(process.env.MARKS, 'started-' + mine), '');
          const other = join(process.env.MARKS, 'started-' + (1 - mine));
          for (let waited = 0; !existsSync(other); waited += 50) {
            if (waited > 15000) throw new Error('partition ' + (1 - mine) + ' was not delivered alongside ' + mine);
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          appendFileSync(join(process.env.MARKS, 'done'), mine + '\\n');
        };`,
    }, { timeoutSeconds: 30 });
    fn.environmentVariables = { MARKS: fn.codeDir };
    const topic = 'parallel';
    await kafka.createTopic(topic);
    await produceWithKcat(kafka.bootstrapServers, topic, 0, ['zero']);
    await produceWithKcat(kafka.bootstrapServers, topic, 1, ['one']);
    await runtime.startTrigger(triggerFor(fn, topic, { errorsTolerance: 'NONE', retryStrategy: { pushRetryStrategy: 'BACKOFF_RETRY', maximumRetryAttempts: 0 } }), () => fn);
    const done = join(fn.codeDir, 'done');
    await expect.poll(() => (existsSync(done) ? readFileSync(done, 'utf8').split('\n').filter(Boolean).sort() : []), { timeout: 30_000 }).toEqual(['0', '1']);
    expect(runtime.triggerState(fn.serviceName, fn.functionName, 'kafka')).toEqual({ state: 'running' });
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
  });

  it('pushes a partial batch once the time window has passed', async () => {
    const { fn, received } = await recordingFunction();
    const topic = 'trickle';
    await kafka.createTopic(topic);
    await runtime.startTrigger(triggerFor(fn, topic, { batchWindow: { countBasedWindow: 50, timeBasedWindowSeconds: 1 } }), () => fn);
    await produceWithKcat(kafka.bootstrapServers, topic, 3, ['t0', 't1', 't2']);
    await expect.poll(() => valuesOf(received()), { timeout: 30_000 }).toEqual(['t0', 't1', 't2']);
    expect(received().map((r) => r.batchSize)).toEqual([3, 3, 3]);
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
  });

  it('errorsTolerance ALL: retries, then sends the events to the dead-letter topic and keeps consuming', async () => {
    const { fn, received, attempts } = await recordingFunction('bad');
    const topic = 'tolerant';
    await kafka.createTopic(topic);
    const deadLetterTopic = 'connect-error-tolerant';
    await kafka.createTopic(deadLetterTopic);
    await produceWithKcat(kafka.bootstrapServers, topic, 0, ['one', 'bad', 'three']);
    await runtime.startTrigger(triggerFor(fn, topic, { deadLetterTopic }), () => fn);

    await expect.poll(() => valuesOf(received()), { timeout: 30_000 }).toEqual(['one', 'three']);
    // the first attempt and two retries
    expect(attempts().filter((line) => line === 'bad')).toHaveLength(3);
    // The dead letter is produced after the retries end, not necessarily before 'three' is delivered: wait for it.
    const readDeadLetters = async () => (await Promise.all([0, 1, 2, 3].map((p) => consumeWithKcat(kafka.bootstrapServers, deadLetterTopic, p)))).flat();
    await expect.poll(readDeadLetters, { timeout: 30_000 }).toHaveLength(1);
    const deadLetters = await readDeadLetters();
    const [, body] = deadLetters[0]!.split('\t');
    expect(JSON.parse(body!)).toMatchObject({ type: 'alikafka:Topic:Message', data: { topic, partition: 0, offset: 1, value: 'bad' } });
    expect(runtime.triggerState(fn.serviceName, fn.functionName, 'kafka')?.state).toBe('running');
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
  });

  it('errorsTolerance NONE: the partition stops at the failing batch, the trigger reports failed, other partitions go on', async () => {
    const { fn, received, attempts } = await recordingFunction('bad');
    const topic = 'strict';
    await kafka.createTopic(topic);
    await produceWithKcat(kafka.bootstrapServers, topic, 0, ['p0-0', 'p0-1', 'bad', 'p0-3', 'p0-4']);
    const spec = triggerFor(fn, topic, {
      errorsTolerance: 'NONE',
      retryStrategy: { pushRetryStrategy: 'EXPONENTIAL_DECAY_RETRY', maximumRetryAttempts: 3 },
    });
    await runtime.startTrigger(spec, () => fn);

    await expect.poll(() => runtime.triggerState(fn.serviceName, fn.functionName, 'kafka')?.state, { timeout: 30_000 }).toBe('failed');
    const state = runtime.triggerState(fn.serviceName, fn.functionName, 'kafka');
    expect(state?.lastError).toContain('strict[0] offsets 2..2');
    expect(state?.lastError).toContain('cannot handle bad');
    expect(attempts().filter((line) => line === 'bad')).toHaveLength(4);

    // a message on another partition is still delivered; by then partition 0 has moved no further
    await produceWithKcat(kafka.bootstrapServers, topic, 1, ['p1-0']);
    await expect.poll(() => valuesOf(received(), 1), { timeout: 30_000 }).toEqual(['p1-0']);
    expect(valuesOf(received(), 0)).toEqual(['p0-0', 'p0-1']);
    expect(attempts()).not.toContain('p0-3');
    expect((await committedOffsets(spec.consumerGroup, topic))[0]).toBe(2);
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
    expect(runtime.triggerState(fn.serviceName, fn.functionName, 'kafka')?.state).toBe('stopped');
  });

  it('treats a function that no longer exists as a failed delivery', async () => {
    const { fn } = await recordingFunction();
    const topic = 'orphaned';
    await kafka.createTopic(topic);
    await produceWithKcat(kafka.bootstrapServers, topic, 0, ['lost']);
    await runtime.startTrigger(triggerFor(fn, topic, { errorsTolerance: 'NONE' }), () => undefined);
    await expect.poll(() => runtime.triggerState(fn.serviceName, fn.functionName, 'kafka')?.state, { timeout: 30_000 }).toBe('failed');
    expect(runtime.triggerState(fn.serviceName, fn.functionName, 'kafka')?.lastError).toContain(`function svc/${fn.functionName} does not exist`);
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
  });

  it('resumes from the committed offsets after a stop and a start, with no duplicates', async () => {
    const { fn, received } = await recordingFunction();
    const topic = 'resumable';
    await kafka.createTopic(topic);
    await produceWithKcat(kafka.bootstrapServers, topic, 0, range('m', 5));
    const spec = triggerFor(fn, topic);
    await runtime.startTrigger(spec, () => fn);
    await expect.poll(() => received().length, { timeout: 30_000 }).toBe(5);
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
    expect(runtime.triggerState(fn.serviceName, fn.functionName, 'kafka')?.state).toBe('stopped');

    await produceWithKcat(kafka.bootstrapServers, topic, 0, range('n', 3));
    await runtime.startTrigger(spec, () => fn);
    await expect.poll(() => received().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(8);
    expect(valuesOf(received(), 0)).toEqual([...range('m', 5), ...range('n', 3)]);
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
  });

  it('offsetReset latest: a new group starts at the end, skipping what was there before the trigger', async () => {
    const { fn, received } = await recordingFunction();
    const topic = 'fresh';
    await kafka.createTopic(topic);
    await produceWithKcat(kafka.bootstrapServers, topic, 0, ['old-0', 'old-1']);
    await runtime.startTrigger(triggerFor(fn, topic, { offsetReset: 'latest' }), () => fn);
    await produceWithKcat(kafka.bootstrapServers, topic, 0, ['new-0', 'new-1']);
    await expect.poll(() => valuesOf(received()), { timeout: 30_000 }).toEqual(['new-0', 'new-1']);
    await runtime.stopTrigger(fn.serviceName, fn.functionName, 'kafka');
  });
});
