import type { ConnectorDefinition, DefinitionInput } from './definition.js';
import { fileKeyOf } from './definition-file.js';
import type { FieldKey } from './fields.js';
import { derivedNames } from './names.js';
import { INTERNAL_TOPICS } from './topics.js';

/**
 * A connector is recorded in the cloud, not only in a local file: its task consumer group
 * (`connect-<name>`) carries the definition as tags, so `list`, the name-uniqueness check and any other
 * machine find it, and `describe`, `test`, `delete`, `sink run` and `get` work from the record alone.
 * The connector group carries one tag naming the connector it serves.
 *
 * Alibaba Cloud allows up to 20 tags on a resource, keys and values up to 128 characters, neither starting
 * with `aliyun` or `acs:` (alikafka TagResources / CreateConsumerGroup `Tag`, SDK model docs). So the
 * record holds the name, the fields with no default, and only those other fields that differ from the
 * console's defaults: at most 19 tags (the function logs' project and logstore among them). The AccessKey secret is
 * never part of it.
 */
export const RECORD_PREFIX = 'kafka-oss:';
export const RECORD_TAGS = {
  connector: 'kafka-oss:connector',
  version: 'kafka-oss:record',
  bucket: 'kafka-oss:bucket',
  sourceTopic: 'kafka-oss:source-topic',
  connectorGroupOf: 'kafka-oss:connector-group',
} as const;
export const RECORD_VERSION = '1';

/** The tag that names the connector on its task consumer group. */
export const CONNECTOR_TAG_KEY = RECORD_TAGS.connector;

export interface ConnectorRecord {
  name: string;
  instanceId: string;
  /** The consumer group that carries the record (connect-<name>). */
  taskGroup: string;
  sourceTopic?: string;
  bucket?: string;
  tags: Record<string, string>;
}

/** The record's tag for a field: `kafka-oss:` and the field's key in kebab case (`offsetTopic` → `kafka-oss:offset-topic`). */
export function recordTagOf(key: FieldKey): string {
  return `${RECORD_PREFIX}${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The definition's fields as the record keeps them: every field that has no default or differs from it. */
function recordedFields(definition: ConnectorDefinition): Partial<Record<FieldKey, string>> {
  const derived = derivedNames(definition.name);
  const fields: Partial<Record<FieldKey, string>> = {
    sourceTopic: definition.sourceTopic,
    bucket: definition.bucket,
    accessKeyId: definition.accessKeyId,
  };
  if (definition.offsetReset !== 'latest') fields.offsetReset = definition.offsetReset;
  if (definition.concurrency !== 6) fields.concurrency = String(definition.concurrency);
  if (definition.failurePolicy !== 'log') fields.failurePolicy = definition.failurePolicy;
  if (definition.resources !== 'auto') fields.resources = definition.resources;
  if (definition.vpcId) fields.vpcId = definition.vpcId;
  if (definition.vSwitchId) fields.vSwitchId = definition.vSwitchId;
  if (definition.connectorGroup !== derived.connectorGroup) fields.connectorGroup = definition.connectorGroup;
  if (definition.logProject) fields.logProject = definition.logProject;
  if (definition.logStore) fields.logStore = definition.logStore;
  for (const { field, key } of INTERNAL_TOPICS) {
    const name = definition.topics[key];
    const byDefault = key === 'deadLetter' ? definition.topics.error : derived[field];
    if (name !== byDefault) fields[field] = name;
  }
  return fields;
}

/** The tags deploy puts on the task consumer group: the whole definition but its secret. */
export function taskGroupTags(definition: ConnectorDefinition): Record<string, string> {
  const tags: Record<string, string> = { [RECORD_TAGS.connector]: definition.name, [RECORD_TAGS.version]: RECORD_VERSION };
  for (const [key, value] of Object.entries(recordedFields(definition))) tags[recordTagOf(key as FieldKey)] = value;
  return tags;
}

/** The tags deploy puts on the connector consumer group. */
export function connectorGroupTags(definition: Pick<ConnectorDefinition, 'name'>): Record<string, string> {
  return { [RECORD_TAGS.connectorGroupOf]: definition.name };
}

/** The connector a consumer group records, when it is a tagged task group named after its connector. */
export function recordOfGroup(group: { consumerId: string; tags: Record<string, string> }, instanceId: string): ConnectorRecord | undefined {
  const name = group.tags[RECORD_TAGS.connector];
  if (!name || group.consumerId !== derivedNames(name).taskGroup) return undefined;
  const sourceTopic = group.tags[RECORD_TAGS.sourceTopic];
  const bucket = group.tags[RECORD_TAGS.bucket];
  return { name, instanceId, taskGroup: group.consumerId, ...(sourceTopic ? { sourceTopic } : {}), ...(bucket ? { bucket } : {}), tags: group.tags };
}

/**
 * The field values a record holds, to be resolved like a definition file's. A record written before the
 * record carried the whole definition (no `kafka-oss:record` tag) lacks the AccessKey ID: resolving it then
 * reports that field missing, and the next deploy writes the full record.
 */
export function recordInput(record: ConnectorRecord): DefinitionInput {
  const input: DefinitionInput = { name: record.name, instanceId: record.instanceId };
  for (const [tag, value] of Object.entries(record.tags)) {
    const key = FIELD_KEY_BY_TAG.get(tag);
    if (key) input[key] = value;
  }
  return input;
}

const RECORDABLE: FieldKey[] = [
  'sourceTopic', 'offsetReset', 'concurrency', 'bucket', 'accessKeyId', 'vpcId', 'vSwitchId', 'failurePolicy', 'resources', 'connectorGroup',
  ...INTERNAL_TOPICS.map((t) => t.field), 'logProject', 'logStore',
];
const FIELD_KEY_BY_TAG = new Map(RECORDABLE.map((key) => [recordTagOf(key), key]));

/** How a problem names a field of a record: the tag on the connector's task group. */
export function recordTitle(record: Pick<ConnectorRecord, 'taskGroup'>, key: FieldKey): string {
  return `the cloud record (tags of consumer group ${record.taskGroup}): ${FIELD_KEY_BY_TAG.has(recordTagOf(key)) ? recordTagOf(key) : fileKeyOf(key)}`;
}
