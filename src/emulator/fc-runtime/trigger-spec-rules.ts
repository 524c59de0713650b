import type { KafkaTriggerSpec } from '../contracts.js';

/**
 * What the runtime needs of a trigger before it starts consuming; each problem names the field, the rule and
 * the value given. (The control plane validates its API input with FC's own rules; this guards the runtime.)
 */
export function triggerSpecProblems(spec: KafkaTriggerSpec): string[] {
  const problems: string[] = [];
  const show = (value: unknown): string => JSON.stringify(value) ?? String(value);
  const requireText = (field: keyof KafkaTriggerSpec): void => {
    const value = spec[field];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${field}: must be a non-empty string (got ${show(value)})`);
  };
  const requireInteger = (field: string, value: unknown, min: number): void => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      problems.push(`${field}: must be an integer ≥ ${min} (got ${show(value)})`);
    }
  };
  for (const field of ['serviceName', 'functionName', 'triggerName', 'bootstrapServers', 'topic', 'consumerGroup'] as const) requireText(field);
  if (spec.offsetReset !== 'latest' && spec.offsetReset !== 'earliest') {
    problems.push(`offsetReset: must be latest or earliest (got ${show(spec.offsetReset)})`);
  }
  requireInteger('maximumTasks', spec.maximumTasks, 1);
  if (spec.errorsTolerance !== 'ALL' && spec.errorsTolerance !== 'NONE') {
    problems.push(`errorsTolerance: must be ALL or NONE (got ${show(spec.errorsTolerance)})`);
  }
  const strategy = spec.retryStrategy?.pushRetryStrategy;
  if (strategy !== 'BACKOFF_RETRY' && strategy !== 'EXPONENTIAL_DECAY_RETRY') {
    problems.push(`retryStrategy.pushRetryStrategy: must be BACKOFF_RETRY or EXPONENTIAL_DECAY_RETRY (got ${show(strategy)})`);
  }
  requireInteger('retryStrategy.maximumRetryAttempts', spec.retryStrategy?.maximumRetryAttempts, 0);
  requireInteger('batchWindow.countBasedWindow', spec.batchWindow?.countBasedWindow, 1);
  const seconds = spec.batchWindow?.timeBasedWindowSeconds;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    problems.push(`batchWindow.timeBasedWindowSeconds: must be a number ≥ 0 (got ${show(seconds)})`);
  }
  if (spec.deadLetterTopic !== undefined && (typeof spec.deadLetterTopic !== 'string' || spec.deadLetterTopic.trim() === '')) {
    problems.push(`deadLetterTopic: must be a topic name when given (got ${show(spec.deadLetterTopic)})`);
  }
  return problems;
}
