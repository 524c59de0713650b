import type { KafkaMessage } from 'kafkajs';

/** What one event adds to an invocation's body besides the key and value: the CloudEvent's other fields. */
const EVENT_OVERHEAD_BYTES = 512;

export interface BatchLimits {
  /** batchWindow.countBasedWindow */
  count: number;
  /** Cap on the estimated body size; a batch always holds at least one message. */
  maxBytes: number;
}

/**
 * The messages of the next push, starting at `from`: `full` when the count window is reached or the next
 * message would push the body past the byte cap, in which case it is pushed at once; otherwise it is a
 * partial batch that waits for the time window.
 */
export function nextBatch(messages: KafkaMessage[], from: number, limits: BatchLimits): { chunk: KafkaMessage[]; full: boolean } {
  const count = Math.max(1, limits.count);
  let bytes = 0;
  let end = from;
  while (end < messages.length && end - from < count) {
    const message = messages[end] as KafkaMessage;
    const messageBytes = EVENT_OVERHEAD_BYTES + (message.value?.length ?? 0) + (message.key?.length ?? 0);
    if (end > from && bytes + messageBytes > limits.maxBytes) return { chunk: messages.slice(from, end), full: true };
    bytes += messageBytes;
    end += 1;
  }
  return { chunk: messages.slice(from, end), full: end - from === count };
}
