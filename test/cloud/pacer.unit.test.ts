import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { alikafkaInterval, Pacer } from '../../src/cloud/pacer.js';

describe('Pacer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('spaces the calls of one action by its interval and lets other actions through', async () => {
    const pacer = new Pacer(alikafkaInterval);
    const started: string[] = [];
    const call = (action: string, label: string) => pacer.turn(action).then(() => started.push(`${label}@${Date.now() - t0}`));
    const t0 = Date.now();
    const all = Promise.all([call('CreateTopic', 'a'), call('CreateTopic', 'b'), call('GetTopicList', 'c'), call('CreateTopic', 'd'), call('GetTopicList', 'e')]);
    await vi.runAllTimersAsync();
    await all;
    expect(started.sort()).toEqual(['a@0', 'b@1050', 'c@0', 'd@2100', 'e@350']);
  });

  it('paces as alikafka documents: one CreateTopic or CreateConsumerGroup a second, three calls a second of the others', () => {
    expect(alikafkaInterval('CreateTopic')).toBeGreaterThanOrEqual(1000);
    expect(alikafkaInterval('CreateConsumerGroup')).toBeGreaterThanOrEqual(1000);
    expect(alikafkaInterval('GetTopicList')).toBeGreaterThanOrEqual(1000 / 3);
    expect(alikafkaInterval('GetTopicList')).toBeLessThan(1000);
  });
});
