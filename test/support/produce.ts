import { kcat } from './test-kafka.js';

/** Produces `count` messages `key{i}` → `value-{partition}-{i}-✓` to one partition with kcat; returns the count. */
export async function produceNumbered(bootstrapServers: string, topic: string, partition: number, count: number): Promise<number> {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) lines.push(`key${i}:value-${partition}-${i}-✓`);
  await kcat(['-P', '-b', bootstrapServers, '-t', topic, '-p', String(partition), '-K', ':'], `${lines.join('\n')}\n`);
  return count;
}

const DELIMITER = Buffer.from('<<end-of-message>>');

/** Produces raw values (bytes as given, one message per buffer) to one partition with kcat. */
export async function produceRaw(bootstrapServers: string, topic: string, partition: number, values: Buffer[]): Promise<void> {
  const body = Buffer.concat(values.flatMap((v) => [v, DELIMITER]));
  await kcat(['-P', '-b', bootstrapServers, '-t', topic, '-p', String(partition), '-D', DELIMITER.toString()], body);
}
