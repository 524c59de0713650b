import { describe, expect, it } from 'vitest';
import { groupByPartition, parseKafkaEvents } from '../../src/sink/cloud-events.js';
import { handlerConfigFromEnv } from '../../src/sink/environment.js';

const event = (partition: number, offset: number, value: string | null) => ({
  id: `id-${offset}`,
  source: 'acs:alikafka',
  data: { topic: 't', partition, offset, timestamp: 1700000000000 + offset, headers: { headers: [], isReadOnly: false }, key: null, value },
});

describe('parseKafkaEvents', () => {
  it('reads a Buffer holding a JSON array whose items may be JSON strings', () => {
    const body = Buffer.from(JSON.stringify([event(0, 5, 'a'), JSON.stringify(event(1, 2, 'b'))]));
    const { messages, problems } = parseKafkaEvents(body);
    expect(problems).toEqual([]);
    expect(messages).toEqual([
      { topic: 't', partition: 0, offset: 5, timestamp: 1700000000005, key: null, value: 'a' },
      { topic: 't', partition: 1, offset: 2, timestamp: 1700000000002, key: null, value: 'b' },
    ]);
  });

  it('names the item and field that is not usable', () => {
    const { problems } = parseKafkaEvents([{ data: { topic: 't', partition: -1, offset: 0 } }, { nodata: true }]);
    expect(problems).toEqual(['event[0].data.partition: must be an integer ≥ 0 (got -1)', 'event[1]: has no data object']);
  });

  it('groups by partition in offset order', () => {
    const { messages } = parseKafkaEvents([event(1, 9, 'x'), event(0, 3, 'y'), event(1, 8, 'z')]);
    expect(groupByPartition(messages).map((g) => g.map((m) => `${m.partition}:${m.offset}`))).toEqual([['1:8', '1:9'], ['0:3']]);
  });
});

describe('handlerConfigFromEnv', () => {
  it('lists every missing or invalid variable at once, without the secret', () => {
    expect(() => handlerConfigFromEnv({ KAFKA_OSS_FAILURE_POLICY: 'drop', KAFKA_OSS_ACCESS_KEY_SECRET: 's3cr3t-value' })).toThrow(
      /KAFKA_OSS_BUCKET: is required.*KAFKA_OSS_OSS_ENDPOINT or KAFKA_OSS_REGION.*KAFKA_OSS_ACCESS_KEY_ID.*KAFKA_OSS_FAILURE_POLICY: must be log or fail \(got "drop"\)/,
    );
    try {
      handlerConfigFromEnv({ KAFKA_OSS_ACCESS_KEY_SECRET: 's3cr3t-value' });
    } catch (err) {
      expect(String(err)).not.toContain('s3cr3t-value');
    }
  });

  it('falls back to the function role credentials', () => {
    const config = handlerConfigFromEnv({ KAFKA_OSS_BUCKET: 'b-1', KAFKA_OSS_REGION: 'cn-hangzhou' }, { accessKeyId: 'STS.x', accessKeySecret: 'y', securityToken: 'z' });
    expect(config.oss).toEqual({ bucket: 'b-1', region: 'cn-hangzhou', accessKeyId: 'STS.x', accessKeySecret: 'y', securityToken: 'z' });
    expect(config.settings.failurePolicy).toBe('log');
  });
});
