/**
 * Spaces calls of one action as the service allows them, so that calls made at once (a deploy applies
 * independent steps together) queue here instead of being refused for flow control and retried.
 */
export class Pacer {
  private readonly next = new Map<string, number>();

  constructor(private readonly intervalOf: (action: string) => number) {}

  /** Resolves when `action` may be called; reserves its slot. */
  async turn(action: string): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next.get(action) ?? 0);
    this.next.set(action, at + this.intervalOf(action));
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}

/**
 * alikafka's documented limits per user and API: 3 calls a second, and CreateTopic and CreateConsumerGroup one a
 * second (AlibabaCloudDocs/alikafka, 管控 API 参考/接入指南.md; CreateTopic.md; CreateConsumerGroup.md). A little
 * margin keeps a call from landing just inside the previous one's second.
 */
export const alikafkaInterval = (action: string): number => (action === 'CreateTopic' || action === 'CreateConsumerGroup' ? 1050 : 350);
