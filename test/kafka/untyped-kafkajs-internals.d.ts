// kafkajs' own Fetch v4 decoder and consumer batch, which its package does not type: the reference the fetch
// path's decoder is compared with (test/kafka/record-batches.unit.test.ts).
declare module 'kafkajs/src/protocol/requests/fetch/v4/response.js' {
  const response: { decode(data: Buffer): Promise<{ responses: { topicName: string; partitions: unknown[] }[] }> };
  export default response;
}

declare module 'kafkajs/src/consumer/batch.js' {
  export default class Batch {
    constructor(topic: string, fetchedOffset: string, partitionData: unknown);
    messages: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | null | (Buffer | null)[]> }[];
    lastOffset(): string;
  }
}
