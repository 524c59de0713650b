import type { TriggerRecord } from './state-store.js';

/**
 * The keys of an eventbridge trigger's EventSourceParameters, in the SDK model's order
 * (@alicloud/fc-open20210406 EventSourceParameters.names()). FC reads every one of them back, null for the source
 * types the trigger does not use: Terraform's alicloud provider deletes the nil ones before it compares
 * (delNilEventSourceParams in alicloud/service_alicloud_fc.go), and Serverless Devs' sync does the same per source type.
 */
const SOURCE_PARAMETER_KEYS = [
  'sourceDTSParameters', 'sourceKafkaParameters', 'sourceMNSParameters', 'sourceMQTTParameters', 'sourceRabbitMQParameters', 'sourceRocketMQParameters',
] as const;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether the user asked for the event stream to run: triggerEnable is its start/stop switch (absent: on). */
export function streamEnabled(triggerConfig: string): boolean {
  try {
    const config = JSON.parse(triggerConfig) as unknown;
    return !isObject(config) || config.triggerEnable !== false;
  } catch {
    return true;
  }
}

/**
 * A trigger as FC answers it, with its triggerConfig as FC reads it back — still a JSON string, as the SDK types
 * it (GetTriggerResponseBody.triggerConfig: string):
 * - triggerEnable is true only while the event stream runs: "只有事件流成功启动后，读取到的 triggerEnable 字段才会是
 *   true，其他情况下读取到的 triggerEnable 均为 false" (devsapp/fc docs/zh/yaml/triggers.md, EventBridge triggerEnable);
 * - every key of eventSourceParameters is there, null for the other source types (above).
 * Whether FC also echoes defaults for runOptions fields that were not sent is not documented: none are added.
 */
export function triggerReadBack(record: TriggerRecord, streamRunning: boolean): TriggerRecord {
  let config: unknown;
  try {
    config = JSON.parse(record.triggerConfig);
  } catch {
    return record;
  }
  if (!isObject(config)) return record;
  const readBack: Json = { ...config, triggerEnable: streamRunning };
  const source = config.eventSourceConfig;
  if (isObject(source)) {
    const given = isObject(source.eventSourceParameters) ? source.eventSourceParameters : {};
    const parameters = Object.fromEntries(SOURCE_PARAMETER_KEYS.map((key) => [key, given[key] ?? null]));
    readBack.eventSourceConfig = { ...source, eventSourceParameters: parameters };
  }
  return { ...record, triggerConfig: JSON.stringify(readBack) };
}
