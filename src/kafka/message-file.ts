import type { OutgoingMessage } from './client.js';

/**
 * Parses a JSON-lines file of messages, one `{"value", "key"?, "partition"?, "headers"?}` per line (blank lines
 * ignored). Every bad line is reported with its number and what is wrong.
 */
export function parseMessageLines(text: string, source: string): { messages: OutgoingMessage[]; problems: string[] } {
  const messages: OutgoingMessage[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim().length === 0) return;
    const where = `${source}:${index + 1}`;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      problems.push(`${where}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      problems.push(`${where}: must be a JSON object with "value" (got ${truncate(line)})`);
      return;
    }
    const record = parsed as Record<string, unknown>;
    const lineProblems: string[] = [];
    if (!('value' in record) || !(typeof record.value === 'string' || record.value === null)) {
      lineProblems.push(`"value" must be a string or null (got ${truncate(JSON.stringify(record.value))})`);
    }
    if (record.key !== undefined && record.key !== null && typeof record.key !== 'string') lineProblems.push(`"key" must be a string (got ${truncate(JSON.stringify(record.key))})`);
    if (record.partition !== undefined && !(Number.isInteger(record.partition) && (record.partition as number) >= 0)) {
      lineProblems.push(`"partition" must be an integer ≥ 0 (got ${truncate(JSON.stringify(record.partition))})`);
    }
    const headers = record.headers;
    if (headers !== undefined && (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string'))) {
      lineProblems.push(`"headers" must be an object of strings (got ${truncate(JSON.stringify(headers))})`);
    }
    if (lineProblems.length > 0) {
      problems.push(...lineProblems.map((p) => `${where}: ${p}`));
      return;
    }
    messages.push({
      value: record.value as string | null,
      ...(typeof record.key === 'string' ? { key: record.key } : {}),
      ...(typeof record.partition === 'number' ? { partition: record.partition } : {}),
      ...(headers ? { headers: headers as Record<string, string> } : {}),
    });
  });
  return { messages, problems };
}

/** `k=v` header flags; the first `=` splits, so values may contain `=`. */
export function parseHeaderFlags(values: readonly string[]): { headers: Record<string, string>; problems: string[] } {
  const headers: Record<string, string> = {};
  const problems: string[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) problems.push(`--header: must be key=value with a non-empty key (got "${value}")`);
    else headers[value.slice(0, at)] = value.slice(at + 1);
  }
  return { headers, problems };
}

function truncate(text: string | undefined): string {
  const t = text ?? 'undefined';
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}
