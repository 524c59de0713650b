import type { KafkaDataClient } from '../kafka/client.js';
import { describeBadRecord, type BadRecordReporter } from './bad-record.js';

/**
 * The `log` policy's destination: one message per bad record on the error topic, keyed by the original key,
 * valued with JSON {reason, topic, partition, offset, timestamp, key}. A replay after a crash may report a
 * record again (the error topic is at-least-once; the OSS objects are exactly-once).
 */
export function errorTopicReporter(kafka: KafkaDataClient, errorTopic: string): BadRecordReporter {
  return {
    async report(bad) {
      const key = bad.message.key;
      await kafka.produce(errorTopic, [
        {
          key: key === null ? null : key,
          value: JSON.stringify(describeBadRecord(bad)),
          headers: { 'kafka-oss-error': bad.reason },
        },
      ]);
    },
  };
}
