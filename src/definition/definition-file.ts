import { FIELDS, FIELD_BY_KEY, type FieldKey } from './fields.js';
import { INTERNAL_TOPICS, TOPIC_FIELD_BY_KEY, type TopicKey } from './topics.js';
import { DEFINITION_API_VERSION, type ConnectorDefinition, type DefinitionInput } from './definition.js';

export { defaultDefinitionPath } from './names.js';

const FILE_ONLY_KEYS = new Set(['apiVersion', 'kind', 'taskType', 'regionId', 'taskGroup', 'topics']);
const SECRET_KEYS = /secret|password/i;

export interface ParsedDefinitionFile {
  /** The file's name, as problems name it. */
  path: string;
  input: DefinitionInput;
  regionId?: string;
  problems: string[];
}

/**
 * A definition file's text as field values. Unknown keys, wrong types and secrets are problems (all
 * reported); the values themselves are checked later by resolveDefinition like flag values. `path` only
 * names the file in the problems.
 */
export function parseDefinitionFile(text: string, path: string): ParsedDefinitionFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { path, input: {}, problems: [`${path}: not valid JSON ${jsonErrorPlace(text, err)}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { path, input: {}, problems: [`--from-file: ${JSON.stringify(path)} must hold a JSON object`] };
  }
  const problems: string[] = [];
  const input: DefinitionInput = {};
  const record = raw as Record<string, unknown>;
  const where = (key: string) => `${path}: "${key}"`;
  const take = (key: FieldKey, value: unknown, label: string) => {
    if (typeof value === 'string') input[key] = value;
    else if (typeof value === 'number' && key === 'concurrency') input[key] = String(value);
    else problems.push(`${where(label)} must be a string (got ${JSON.stringify(value)})`);
  };
  for (const [key, value] of Object.entries(record)) {
    if (SECRET_KEYS.test(key)) {
      problems.push(`${where(key)}: a definition file must not hold secrets; give the AccessKey secret through KAFKA_OSS_ACCESS_KEY_SECRET or --access-key-secret-stdin`);
    } else if (key in FIELD_BY_KEY) {
      take(key as FieldKey, value, key);
    } else if (key === 'topics' && typeof value === 'object' && value !== null) {
      for (const [topicKey, topicValue] of Object.entries(value as Record<string, unknown>)) {
        const field = Object.hasOwn(TOPIC_FIELD_BY_KEY, topicKey) ? TOPIC_FIELD_BY_KEY[topicKey as TopicKey] : undefined;
        if (field) take(field, topicValue, `topics.${topicKey}`);
        else problems.push(`${where(`topics.${topicKey}`)} is not a known topic (known: ${Object.keys(TOPIC_FIELD_BY_KEY).join(', ')})`);
      }
    } else if (!FILE_ONLY_KEYS.has(key)) {
      problems.push(`${where(key)} is not a field of a connector definition (fields: ${FIELDS.map((f) => f.key).join(', ')})`);
    }
  }
  if (record.apiVersion !== undefined && record.apiVersion !== DEFINITION_API_VERSION) {
    problems.push(`${where('apiVersion')} must be ${JSON.stringify(DEFINITION_API_VERSION)} (got ${JSON.stringify(record.apiVersion)})`);
  }
  if (record.kind !== undefined && record.kind !== 'Connector') {
    problems.push(`${where('kind')} must be "Connector" (got ${JSON.stringify(record.kind)})`);
  }
  const regionId = typeof record.regionId === 'string' ? record.regionId : undefined;
  return { path, input, ...(regionId ? { regionId } : {}), problems };
}

/** "at line 3, column 5: Expected ',' or '}' after property value" from JSON.parse's error (which gives a character position). */
function jsonErrorPlace(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)\s*$/, '');
  const position = /at position (\d+)/.exec(message);
  if (!position) return `(${reason})`;
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `at line ${line}, column ${column}: ${reason}`;
}

/** How a definition file names a field: its key, or `topics.<key>` for the internal topics. */
export function fileKeyOf(key: FieldKey): string {
  const topic = INTERNAL_TOPICS.find((t) => t.field === key);
  return topic ? `topics.${topic.key}` : key;
}

export function serializeDefinition(definition: ConnectorDefinition): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}
