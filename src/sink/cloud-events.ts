import type { SinkMessage } from './record.js';

/**
 * Reads an FC event: a JSON array (Buffer or string) of EventBridge CloudEvents whose items may themselves
 * be JSON strings, each with `data: {topic, partition, offset, timestamp, headers, key, value}`.
 * Returns the messages, and the problems of items that are not usable (named by index).
 */
export function parseKafkaEvents(event: unknown): { messages: SinkMessage[]; problems: string[] } {
  let items: unknown = event;
  if (Buffer.isBuffer(items)) items = items.toString('utf8');
  if (typeof items === 'string') items = parseJson(items, 'event');
  if (!Array.isArray(items)) items = [items];
  const messages: SinkMessage[] = [];
  const problems: string[] = [];
  (items as unknown[]).forEach((raw, index) => {
    const item = typeof raw === 'string' ? parseJson(raw, `event[${index}]`) : raw;
    const data = (item as { data?: unknown } | null)?.data;
    const d = (typeof data === 'string' ? parseJson(data, `event[${index}].data`) : data) as Record<string, unknown> | undefined;
    if (!d || typeof d !== 'object') {
      problems.push(`event[${index}]: has no data object`);
      return;
    }
    const topic = d.topic;
    const partition = Number(d.partition);
    const offset = Number(d.offset);
    const timestamp = Number(d.timestamp ?? 0);
    if (typeof topic !== 'string' || topic.length === 0) return void problems.push(`event[${index}].data.topic: must be a non-empty string (got ${JSON.stringify(topic)})`);
    if (!Number.isInteger(partition) || partition < 0) return void problems.push(`event[${index}].data.partition: must be an integer ≥ 0 (got ${JSON.stringify(d.partition)})`);
    if (!Number.isInteger(offset) || offset < 0) return void problems.push(`event[${index}].data.offset: must be an integer ≥ 0 (got ${JSON.stringify(d.offset)})`);
    messages.push({ topic, partition, offset, timestamp: Number.isFinite(timestamp) ? timestamp : 0, key: textOrNull(d.key), value: textOrNull(d.value) });
  });
  return { messages, problems };
}

/** Messages grouped by topic and partition, each group in offset order. */
export function groupByPartition(messages: readonly SinkMessage[]): SinkMessage[][] {
  const groups = new Map<string, SinkMessage[]>();
  for (const message of messages) {
    const id = `${message.partition}\u0000${message.topic}`;
    const group = groups.get(id);
    if (group) group.push(message);
    else groups.set(id, [message]);
  }
  return [...groups.values()].map((group) => group.sort((a, b) => a.offset - b.offset));
}

function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}
