import type { ParsedDefinitionFile } from '../definition/definition-file.js';
import { derivedNames } from '../definition/names.js';

/**
 * The fields of a connector definition file (src/definition's format, as `create` records it) that the local
 * runner needs. The file is parsed by src/definition; each value is checked again by the runner's own flags rules.
 */
export interface RunnerDefinition {
  name?: string;
  regionId?: string;
  sourceTopic?: string;
  offsetReset?: string;
  concurrency?: string;
  bucket?: string;
  accessKeyId?: string;
  failurePolicy?: string;
  /** The file's error topic, else the derived `connect-error-<name>`. */
  errorTopic?: string;
}

export function runnerDefinition(file: ParsedDefinitionFile): { definition: RunnerDefinition; problems: string[] } {
  const { input, regionId, problems } = file;
  const definition: RunnerDefinition = {};
  for (const key of ['name', 'sourceTopic', 'offsetReset', 'concurrency', 'bucket', 'accessKeyId', 'failurePolicy', 'errorTopic'] as const) {
    const value = input[key];
    if (value !== undefined) definition[key] = value;
  }
  if (regionId) definition.regionId = regionId;
  if (!definition.errorTopic && definition.name) definition.errorTopic = derivedNames(definition.name).errorTopic;
  return { definition, problems };
}
