import { describe, expect, it } from 'vitest';
import type { KafkaTriggerSpec } from '../../../src/emulator/contracts.js';
import { createFcRuntime } from '../../../src/emulator/fc-runtime/index.js';
import { triggerSpecProblems } from '../../../src/emulator/fc-runtime/trigger-spec-rules.js';
import { tempDataDir } from './function-fixtures.js';

const valid: KafkaTriggerSpec = {
  serviceName: 'svc',
  functionName: 'fn',
  triggerName: 'kafka',
  bootstrapServers: '127.0.0.1:9092',
  topic: 'orders',
  consumerGroup: 'connect-orders',
  offsetReset: 'latest',
  maximumTasks: 6,
  errorsTolerance: 'ALL',
  retryStrategy: { pushRetryStrategy: 'BACKOFF_RETRY', maximumRetryAttempts: 3 },
  deadLetterTopic: 'connect-error-orders',
  batchWindow: { countBasedWindow: 100, timeBasedWindowSeconds: 5 },
};

describe('triggerSpecProblems', () => {
  it('accepts a complete spec', () => {
    expect(triggerSpecProblems(valid)).toEqual([]);
  });

  it('names every bad field, its rule and the value given', () => {
    const bad = {
      ...valid,
      topic: '',
      offsetReset: 'newest',
      maximumTasks: 0,
      retryStrategy: { pushRetryStrategy: 'LINEAR', maximumRetryAttempts: -1 },
      batchWindow: { countBasedWindow: 1.5, timeBasedWindowSeconds: -2 },
    } as unknown as KafkaTriggerSpec;
    expect(triggerSpecProblems(bad)).toEqual([
      'topic: must be a non-empty string (got "")',
      'offsetReset: must be latest or earliest (got "newest")',
      'maximumTasks: must be an integer ≥ 1 (got 0)',
      'retryStrategy.pushRetryStrategy: must be BACKOFF_RETRY or EXPONENTIAL_DECAY_RETRY (got "LINEAR")',
      'retryStrategy.maximumRetryAttempts: must be an integer ≥ 0 (got -1)',
      'batchWindow.countBasedWindow: must be an integer ≥ 1 (got 1.5)',
      'batchWindow.timeBasedWindowSeconds: must be a number ≥ 0 (got -2)',
    ]);
  });

  it('makes startTrigger reject before any connection is made', async () => {
    const runtime = createFcRuntime({ dataDir: await tempDataDir() });
    try {
      await expect(runtime.startTrigger({ ...valid, maximumTasks: -3 }, () => undefined)).rejects.toThrow(
        'Invalid Kafka trigger kafka: maximumTasks: must be an integer ≥ 1 (got -3)',
      );
      expect(runtime.triggerState('svc', 'fn', 'kafka')).toBeUndefined();
    } finally {
      await runtime.close();
    }
  });
});
