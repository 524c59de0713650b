import type { ConnectorDefinition } from './definition.js';
import { derivedNames } from './names.js';

/**
 * A connector is recorded in the cloud, not only in a local file: its task consumer group
 * (`connect-<name>`) carries these tags, so `list`, the name-uniqueness check and other machines find it.
 * The connector group carries one tag naming the connector it serves.
 */
export const RECORD_TAGS = {
  connector: 'kafka-oss:connector',
  bucket: 'kafka-oss:bucket',
  sourceTopic: 'kafka-oss:source-topic',
  connectorGroupOf: 'kafka-oss:connector-group',
} as const;

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

/** The tags deploy puts on the task consumer group. */
export function taskGroupTags(definition: Pick<ConnectorDefinition, 'name' | 'bucket' | 'sourceTopic'>): Record<string, string> {
  return { [RECORD_TAGS.connector]: definition.name, [RECORD_TAGS.bucket]: definition.bucket, [RECORD_TAGS.sourceTopic]: definition.sourceTopic };
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
