import { isUtf8 } from 'node:buffer';
import type { SinkMessage } from './record.js';

/** A record the sink refused (today: bytes that are not UTF-8), with where it is in Kafka. */
export interface BadRecord {
  reason: string;
  message: SinkMessage;
}

/** Where the `log` policy sends bad records (the connector's error topic). */
export interface BadRecordReporter {
  report(bad: BadRecord): Promise<void>;
}

/** The error-topic message body: the reason and the coordinates to read the original by offset. */
export function describeBadRecord(bad: BadRecord): Record<string, unknown> {
  const { message } = bad;
  const key = message.key;
  const keyFields =
    key === null
      ? { key: null }
      : typeof key === 'string'
        ? { key }
        : isUtf8(key)
          ? { key: key.toString('utf8') }
          : { key: null, keyBase64: key.toString('base64') };
  return {
    reason: bad.reason,
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    timestamp: message.timestamp,
    ...keyFields,
  };
}
