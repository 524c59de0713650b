import { describe, expect, it } from 'vitest';
import { resolveDefinition, type ConnectorDefinition, type DefinitionInput } from '../../src/definition/definition.js';
import { recordInput, recordOfGroup, taskGroupTags, type ConnectorRecord } from '../../src/definition/record.js';

const base: DefinitionInput = { name: 'orders', instanceId: 'alikafka_post-cn-1', sourceTopic: 'orders', bucket: 'orders-bucket', accessKeyId: 'LTAI5tExampleKey' };
const longTopic = (prefix: string) => `${prefix}${'x'.repeat(64 - prefix.length)}`;

function definitionOf(input: DefinitionInput): ConnectorDefinition {
  const { definition, errors, missing } = resolveDefinition(input);
  expect({ errors, missing }).toEqual({ errors: [], missing: [] });
  return definition!;
}

function recordOf(definition: ConnectorDefinition): ConnectorRecord {
  return recordOfGroup({ consumerId: definition.taskGroup, tags: taskGroupTags(definition) }, definition.instanceId)!;
}

describe('the connector record (tags on the task group)', () => {
  it.each<[string, DefinitionInput]>([
    ['the defaults', base],
    ['every field set away from its default', {
      ...base, offsetReset: 'earliest', concurrency: '12', failurePolicy: 'fail', resources: 'manual', vpcId: 'vpc-abc', vSwitchId: 'vsw-abc',
      connectorGroup: 'my-group', offsetTopic: 'my-offset', configTopic: 'my-config', statusTopic: 'my-status', errorTopic: 'my-error', deadLetterTopic: 'my-dlq',
      logProject: 'fc-logs', logStore: 'sink-logs',
    }],
    ['a dead-letter topic that is the default error topic, with an error topic of its own', { ...base, errorTopic: 'my-error', deadLetterTopic: 'connect-error-orders' }],
    ['names at their longest', { ...base, name: 'n'.repeat(48), sourceTopic: longTopic('s'), bucket: 'b'.repeat(63), offsetTopic: longTopic('o'), configTopic: longTopic('c'), statusTopic: longTopic('t'), errorTopic: longTopic('e'), deadLetterTopic: longTopic('d'), connectorGroup: longTopic('g') }],
  ])('gives back the same definition: %s', (_title, input) => {
    const definition = definitionOf(input);
    const back = resolveDefinition(recordInput(recordOf(definition)));
    expect(back.errors).toEqual([]);
    expect(back.definition).toEqual(definition);
  });

  it('fits Alibaba Cloud tag limits and never holds a secret', () => {
    const definition = definitionOf({
      ...base, name: 'n'.repeat(48), offsetReset: 'earliest', concurrency: '12', failurePolicy: 'fail', resources: 'manual', vpcId: 'vpc-abc', vSwitchId: 'vsw-abc',
      connectorGroup: longTopic('g'), offsetTopic: longTopic('o'), configTopic: longTopic('c'), statusTopic: longTopic('t'), errorTopic: longTopic('e'), deadLetterTopic: longTopic('d'),
      logProject: 'p'.repeat(63), logStore: 's'.repeat(63),
    });
    const tags = taskGroupTags(definition);
    expect(Object.keys(tags)).toHaveLength(19);
    expect(tags).toMatchObject({ 'kafka-oss:log-project': 'p'.repeat(63), 'kafka-oss:log-store': 's'.repeat(63) });
    for (const [key, value] of Object.entries(tags)) {
      expect(key.length).toBeLessThanOrEqual(128);
      expect(value.length).toBeLessThanOrEqual(128);
      expect(key).not.toMatch(/^(aliyun|acs:)/i);
      expect(key).not.toMatch(/secret|password/i);
    }
  });

  it('keeps only what differs from the defaults', () => {
    expect(taskGroupTags(definitionOf(base))).toEqual({
      'kafka-oss:connector': 'orders', 'kafka-oss:record': '1',
      'kafka-oss:source-topic': 'orders', 'kafka-oss:bucket': 'orders-bucket', 'kafka-oss:access-key-id': 'LTAI5tExampleKey',
    });
  });

  it('is not read from a group that is not its connector\'s task group', () => {
    expect(recordOfGroup({ consumerId: 'connect-other', tags: { 'kafka-oss:connector': 'orders' } }, 'i')).toBeUndefined();
    expect(recordOfGroup({ consumerId: 'connect-orders', tags: {} }, 'i')).toBeUndefined();
  });

  it('from before the record held the whole definition reports the AccessKey ID missing', () => {
    const old = recordOfGroup({ consumerId: 'connect-orders', tags: { 'kafka-oss:connector': 'orders', 'kafka-oss:bucket': 'orders-bucket', 'kafka-oss:source-topic': 'orders' } }, 'alikafka_post-cn-1')!;
    expect(resolveDefinition(recordInput(old)).missing.map((f) => f.key)).toEqual(['accessKeyId']);
  });
});
