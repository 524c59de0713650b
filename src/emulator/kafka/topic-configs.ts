/** Topic configs the broker accepts, with Kafka's defaults and a check for each value. */

interface ConfigRule {
  default: string;
  check: (value: string) => boolean;
  rule: string;
}

const isLong = (min: number) => (v: string) => /^-?\d+$/.test(v) && Number(v) >= min;

export const TOPIC_CONFIGS: Record<string, ConfigRule> = {
  'cleanup.policy': {
    default: 'delete',
    check: (v) => v.split(',').every((p) => p.trim() === 'delete' || p.trim() === 'compact'),
    rule: 'delete, compact or delete,compact',
  },
  'compression.type': {
    default: 'producer',
    check: (v) => ['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'].includes(v),
    rule: 'producer, uncompressed, gzip, snappy, lz4 or zstd',
  },
  'retention.ms': { default: '604800000', check: isLong(-1), rule: 'an integer ≥ -1' },
  'retention.bytes': { default: '-1', check: isLong(-1), rule: 'an integer ≥ -1' },
  'segment.bytes': { default: '1073741824', check: isLong(14), rule: 'an integer ≥ 14' },
  'segment.ms': { default: '604800000', check: isLong(1), rule: 'an integer ≥ 1' },
  'max.message.bytes': { default: '1048588', check: isLong(0), rule: 'an integer ≥ 0' },
  'min.insync.replicas': { default: '1', check: isLong(1), rule: 'an integer ≥ 1' },
  'message.timestamp.type': { default: 'CreateTime', check: (v) => v === 'CreateTime' || v === 'LogAppendTime', rule: 'CreateTime or LogAppendTime' },
  'delete.retention.ms': { default: '86400000', check: isLong(0), rule: 'an integer ≥ 0' },
  'min.compaction.lag.ms': { default: '0', check: isLong(0), rule: 'an integer ≥ 0' },
};

/** The problem with one config entry, or undefined when it is acceptable. */
export function configProblem(name: string, value: string | null): string | undefined {
  const rule = TOPIC_CONFIGS[name];
  if (!rule) return `unknown topic config ${JSON.stringify(name)}`;
  if (value === null || !rule.check(value)) return `topic config ${name} must be ${rule.rule}, got ${JSON.stringify(value)}`;
  return undefined;
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'topic name must not be empty';
  if (name.length > 249) return `topic name must be at most 249 characters, got ${name.length}`;
  if (name === '.' || name === '..') return `topic name must not be ${JSON.stringify(name)}`;
  if (!TOPIC_NAME.test(name)) return `topic name may contain only letters, digits, '.', '_' and '-', got ${JSON.stringify(name)}`;
  return undefined;
}
