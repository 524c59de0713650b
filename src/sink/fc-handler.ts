import { createOssBucketClient } from '../cloud/oss.js';
import { createKafkaClient } from '../kafka/kafkajs-client.js';
import type { KafkaDataClient } from '../kafka/client.js';
import type { BadRecordReporter } from './bad-record.js';
import { groupByPartition, parseKafkaEvents } from './cloud-events.js';
import { handlerConfigFromEnv, type HandlerConfig, type RoleCredentials } from './environment.js';
import { errorTopicReporter } from './error-topic.js';
import { ossObjectWriter } from './object-writer.js';
import { PartitionWriter, type WrittenObject } from './partition-writer.js';
import { exportedThrough, journaledWriter, journalName } from './fc-journal.js';

interface FcContext {
  requestId?: string;
  credentials?: RoleCredentials;
  logger?: { info?: (...args: unknown[]) => void; error?: (...args: unknown[]) => void };
}

export interface HandlerResult {
  objects: { name: string; records: number; firstOffset: number; lastOffset: number }[];
  skipped: { topic: string; partition: number; offset: number; reason: string }[];
}

/**
 * The FC entry point (event-streaming Kafka trigger). Writes one object per partition of the batch with the
 * same core as the local runner. The trigger commits after a successful return; a thrown error makes it retry,
 * possibly with other batch boundaries: the partition's journal (fc-journal.ts) says what is exported already. Under `fail`, the records
 * before a bad one are written and the handler throws, so the trigger (errorsTolerance NONE) stops there.
 */
export async function handler(event: unknown, context?: FcContext): Promise<HandlerResult> {
  const config = handlerConfigFromEnv(process.env, context?.credentials);
  const log = (line: string) => (context?.logger?.info ?? console.log)(line);
  const { messages, problems } = parseKafkaEvents(event);
  if (problems.length > 0) throw new Error(`unusable event: ${problems.join('; ')}`);
  const oss = createOssBucketClient(config.oss);
  const writer = ossObjectWriter(oss, { prefix: config.settings.naming.prefix, log });
  const result: HandlerResult = { objects: [], skipped: [] };
  const errors = errorReporter(config, result);
  try {
    for (const delivered of groupByPartition(messages)) {
      const first = delivered[0];
      if (!first) continue;
      const journal = journalName(config.settings.naming.prefix, first.topic, first.partition);
      const exported = await exportedThrough(oss, journal);
      // A replay may start inside what an earlier invocation exported: those offsets are in OSS already.
      const group = delivered.filter((m) => m.offset > exported);
      if (group.length < delivered.length) {
        log(`${first.topic}[${first.partition}] offsets ${first.offset}–${exported} already exported; writing from ${group[0]?.offset ?? 'none'}`);
      }
      if (group.length === 0) continue;
      const partitionWriter = new PartitionWriter({
        topic: first.topic,
        partition: first.partition,
        settings: config.settings,
        writer: journaledWriter(writer, oss, journal, exported),
        commit: async () => undefined, // the trigger commits when the handler returns
        reporter: errors.reporter,
        log,
        onObject: (o: WrittenObject) => result.objects.push({ name: o.name, records: o.records, firstOffset: o.firstOffset, lastOffset: o.lastOffset }),
      });
      await partitionWriter.append(group);
      await partitionWriter.flush();
      const stop = partitionWriter.stopped;
      if (stop) throw new Error(`${first.topic}[${first.partition}] stopped at offset ${stop.offset}: ${stop.reason}`);
    }
  } finally {
    await errors.close();
  }
  return result;
}

function errorReporter(config: HandlerConfig, result: HandlerResult): { reporter: BadRecordReporter; close: () => Promise<void> } {
  let kafka: KafkaDataClient | undefined;
  const reporter: BadRecordReporter = {
    async report(bad) {
      result.skipped.push({ topic: bad.message.topic, partition: bad.message.partition, offset: bad.message.offset, reason: bad.reason });
      if (!config.errorTopic) return;
      kafka ??= createKafkaClient(config.errorTopic.connection);
      await errorTopicReporter(kafka, config.errorTopic.topic).report(bad);
    },
  };
  return { reporter, close: async () => kafka?.close() };
}
