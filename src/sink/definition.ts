import { readFile } from 'node:fs/promises';

/**
 * The few fields of a connector definition file the local runner needs. The full definition schema is
 * src/spec's; this reader accepts any JSON object that has these fields and ignores the rest.
 */
export interface RunnerDefinition {
  name?: string;
  sourceTopic?: string;
  offsetReset?: 'latest' | 'earliest';
  concurrency?: number;
  bucket?: string;
  accessKeyId?: string;
  failurePolicy?: 'log' | 'fail';
  errorTopic?: string;
}

export async function readRunnerDefinition(path: string): Promise<{ definition: RunnerDefinition; problems: string[] }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    return { definition: {}, problems: [`--from-file: cannot read a JSON definition from "${path}" (${reason})`] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { definition: {}, problems: [`--from-file: "${path}" must hold a JSON object`] };
  }
  const raw = parsed as Record<string, unknown>;
  const topics = (typeof raw.topics === 'object' && raw.topics !== null ? raw.topics : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const text = (field: string, value: unknown): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    problems.push(`${path}: "${field}" must be a string (got ${JSON.stringify(value)})`);
    return undefined;
  };
  const definition: RunnerDefinition = {};
  const name = text('name', raw.name);
  if (name !== undefined) definition.name = name;
  const sourceTopic = text('sourceTopic', raw.sourceTopic);
  if (sourceTopic !== undefined) definition.sourceTopic = sourceTopic;
  const offsetReset = text('offsetReset', raw.offsetReset);
  if (offsetReset !== undefined) definition.offsetReset = offsetReset as 'latest' | 'earliest';
  if (raw.concurrency !== undefined) definition.concurrency = Number(raw.concurrency);
  const bucket = text('bucket', raw.bucket);
  if (bucket !== undefined) definition.bucket = bucket;
  const accessKeyId = text('accessKeyId', raw.accessKeyId);
  if (accessKeyId !== undefined) definition.accessKeyId = accessKeyId;
  const failurePolicy = text('failurePolicy', raw.failurePolicy);
  if (failurePolicy !== undefined) definition.failurePolicy = failurePolicy as 'log' | 'fail';
  const errorTopic = text('errorTopic', raw.errorTopic ?? topics.error);
  if (errorTopic !== undefined) definition.errorTopic = errorTopic;
  return { definition, problems };
}
