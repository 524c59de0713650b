import type { OssBucketClient } from '../cloud/oss.js';
import type { KafkaDataClient, ProducedRecord } from '../kafka/client.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import { partitionFolder } from '../sink/naming.js';
import type { SinkRecord } from '../sink/record.js';
import { KafkaOssError } from '../errors.js';

/** A record as the sink exports it. */
export type ExportedRecord = SinkRecord;

export interface Delivery {
  produced: ProducedRecord;
  objectName: string;
  record: ExportedRecord;
  latencyMs: number;
}

/** What `test` found when the record never arrived: each link of the chain, checked. */
export interface Diagnosis {
  produced: ProducedRecord;
  /** The task group's committed offset for the partition (undefined: nothing committed). */
  committedOffset?: number;
  consumed: boolean;
  objectsInPartition: number;
  hints: string[];
}

export class DeliveryTimeout extends KafkaOssError {
  constructor(readonly diagnosis: Diagnosis, timeoutMs: number) {
    super(`the record (partition ${diagnosis.produced.partition}, offset ${diagnosis.produced.offset}) did not reach OSS within ${Math.round(timeoutMs / 1000)} s`);
  }
}

/** The connector's object names: `<name>/` prefix, as deploy configures the function. */
export const connectorPrefix = (definition: Pick<ConnectorDefinition, 'name'>) => `${definition.name}/`;

/**
 * Sends one message to the source topic and waits until an exported object holds it. The object
 * holding offset N is the one with the greatest first offset ≤ N in the partition's folder.
 */
export async function verifyDelivery(opts: {
  kafka: KafkaDataClient;
  oss: OssBucketClient;
  definition: ConnectorDefinition;
  message: { partition: number; key: string; value: string };
  timeoutMs: number;
  pollMs?: number;
}): Promise<Delivery> {
  const { definition, message } = opts;
  const started = Date.now();
  const [produced] = await opts.kafka.produce(definition.sourceTopic, [{ partition: message.partition, key: message.key, value: message.value }]);
  if (!produced) throw new Error(`producing to ${definition.sourceTopic} returned no offset`);
  const folder = partitionFolder({ prefix: connectorPrefix(definition), timePath: 'none' }, definition.sourceTopic, produced.partition);
  const deadline = started + opts.timeoutMs;
  let objects = 0;
  for (;;) {
    const listed = await opts.oss.listAll(folder);
    objects = listed.length;
    const candidates = listed
      .map((o) => ({ name: o.name, first: Number(/(\d{20})\.json$/.exec(o.name)?.[1] ?? NaN) }))
      .filter((o) => Number.isFinite(o.first) && o.first <= produced.offset)
      .sort((a, b) => b.first - a.first);
    const holder = candidates[0];
    if (holder) {
      const records = JSON.parse((await opts.oss.get(holder.name)).toString('utf8')) as ExportedRecord[];
      const record = records.find((r) => r.offset === produced.offset);
      if (record) return { produced, objectName: holder.name, record, latencyMs: Date.now() - started };
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 250));
  }
  const committed = (await opts.kafka.committedOffsets(definition.taskGroup, definition.sourceTopic)).get(produced.partition);
  const consumed = committed !== undefined && committed > produced.offset;
  const hints: string[] = [];
  if (committed === undefined) hints.push(`group ${definition.taskGroup} has committed nothing on partition ${produced.partition}: is the trigger running (kafka-oss list), and does its start position (${definition.offsetReset}) include this message?`);
  else if (!consumed) hints.push(`group ${definition.taskGroup} is at offset ${committed} on partition ${produced.partition}, before the test message: the function is failing or behind; see its logs`);
  else hints.push(`the trigger consumed the message (group offset ${committed}) but no object under oss://${definition.bucket}/${folder} holds it: the function failed to write; see its logs (with failure policy ${definition.failurePolicy})`);
  throw new DeliveryTimeout({ produced, ...(committed !== undefined ? { committedOffset: committed } : {}), consumed, objectsInPartition: objects, hints }, opts.timeoutMs);
}
