import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';

/** What EventBridge's Kafka source puts in `data`: key and value as UTF-8 strings, headers as Java's RecordHeaders serialise. */
export interface KafkaEventData {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  headers: { headers: { key: string; value: string }[]; isReadOnly: boolean };
  key: string | null;
  value: string | null;
}

export interface KafkaCloudEvent {
  id: string;
  source: 'acs:alikafka';
  specversion: '1.0';
  type: 'alikafka:Topic:Message';
  datacontenttype: 'application/json; charset=utf-8';
  subject: string;
  time: string;
  aliyunaccountid: string;
  aliyunpublishtime: string;
  aliyuneventbusname: string;
  aliyunregionid: string;
  data: KafkaEventData;
}

export interface EventOrigin {
  instanceId: string;
  regionId: string;
  accountId: string;
  /** Event streaming has no bus; the local cloud names the stream after the trigger. */
  eventBusName: string;
}

export function toCloudEvent(topic: string, partition: number, message: KafkaMessage, origin: EventOrigin): KafkaCloudEvent {
  const timestamp = Number(message.timestamp);
  return {
    id: randomUUID(),
    source: 'acs:alikafka',
    specversion: '1.0',
    type: 'alikafka:Topic:Message',
    datacontenttype: 'application/json; charset=utf-8',
    subject: `acs:alikafka:${origin.instanceId}:topic:${topic}`,
    time: new Date(timestamp).toISOString(),
    aliyunaccountid: origin.accountId,
    aliyunpublishtime: new Date().toISOString(),
    aliyuneventbusname: origin.eventBusName,
    aliyunregionid: origin.regionId,
    data: {
      topic,
      partition,
      offset: Number(message.offset),
      timestamp,
      headers: { headers: headerList(message.headers), isReadOnly: false },
      key: message.key === null ? null : message.key.toString('utf8'),
      value: message.value === null ? null : message.value.toString('utf8'),
    },
  };
}

function headerList(headers: KafkaMessage['headers']): { key: string; value: string }[] {
  const list: { key: string; value: string }[] = [];
  for (const [key, raw] of Object.entries(headers ?? {})) {
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (value !== undefined) list.push({ key, value: value.toString() });
    }
  }
  return list;
}
