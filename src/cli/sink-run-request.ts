import type { DefinitionInput } from '../definition/definition.js';
import { FIELD_BY_KEY, OFFSET_RESETS, type FieldKey } from '../definition/fields.js';
import { derivedNames, objectPrefixOf } from '../definition/names.js';
import { firstProblem } from '../definition/rules.js';
import { DEFAULT_SINK_SETTINGS, validateSinkSettings, type FailurePolicy, type SinkSettings } from '../sink/settings.js';
import type { TimePath } from '../sink/naming.js';
import { regionOfOssEndpoint } from '../cloud/oss-endpoint.js';

/** The flags of `kafka-oss sink run` that say what to consume and where to write (connection flags aside). */
export interface SinkRunFlags {
  fromFile?: string;
  topic?: string;
  group?: string;
  offsetReset?: string;
  concurrency?: string;
  bucket?: string;
  ossEndpoint?: string;
  accessKeyId?: string;
  region?: string;
  prefix?: string;
  timePath?: string;
  failurePolicy?: string;
  errorTopic?: string;
  maxRecords?: string;
  maxBytes?: string;
  maxValueBytes?: string;
  flushIntervalMs?: string;
}

export interface SinkRunRequest {
  name?: string;
  topic: string;
  groupId: string;
  fromBeginning: boolean;
  concurrency: number;
  bucket: string;
  region?: string;
  ossEndpoint?: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Where the `log` policy sends bad records; `errorTopicRequired` when the user named it (it must exist). */
  errorTopic?: string;
  errorTopicRequired: boolean;
  settings: SinkSettings;
}

const SINK_DEFAULTS = { maxRecords: '10000', maxBytes: String(4 * 1024 * 1024), maxValueBytes: String(256 * 1024), flushIntervalMs: '10000' };
const SETTING_FLAGS: Record<string, string> = { failurePolicy: '--failure-policy', timePath: '--time-path', prefix: '--prefix' };

/**
 * `sink run`'s work, from its flags over the definition file and the environment, checked with the
 * definition's own rules. Pure: every problem at once, each naming the flag (or file field), the rule and the value.
 */
export function resolveSinkRun(args: {
  name?: string;
  flags: SinkRunFlags;
  /** The connector's definition as field values: a definition file's, or the cloud record's. */
  file?: { input: DefinitionInput; regionId?: string; problems: string[] };
  /** Defaults from the cloud target (a profile's OSS endpoint, the region), below the flags. */
  target?: { ossEndpoint?: string; regionId?: string };
  env: Record<string, string | undefined>;
}): { config?: SinkRunRequest; problems: string[] } {
  const { flags, env } = args;
  const problems = [...(args.file?.problems ?? [])];
  const file = args.file?.input ?? {};
  const checked = (flag: string, key: FieldKey, value: string | undefined): string | undefined => {
    const problem = value === undefined ? undefined : firstProblem(FIELD_BY_KEY[key].rules, value);
    if (problem) problems.push(`${flag}: ${problem}`);
    return value;
  };

  const name = checked('name', 'name', args.name ?? file.name);
  const topic = flags.topic ?? file.sourceTopic;
  if (!topic) problems.push('--topic: is required (or sourceTopic in --from-file)');
  const groupId = flags.group ?? (name ? derivedNames(name).taskGroup : undefined);
  if (!groupId) problems.push('name: is required to derive the group connect-<name> (or give --group)');
  const offsetReset = checked('--offset-reset', 'offsetReset', flags.offsetReset ?? file.offsetReset ?? OFFSET_RESETS[0]);
  const concurrency = positiveInteger('--concurrency', flags.concurrency ?? file.concurrency ?? '6', problems);
  const bucket = checked('--bucket', 'bucket', flags.bucket ?? file.bucket);
  if (!bucket) problems.push('--bucket: is required (or bucket in --from-file)');
  const region = flags.region ?? args.target?.regionId ?? args.file?.regionId;
  const ossEndpoint = flags.ossEndpoint ?? args.target?.ossEndpoint;
  if (!ossEndpoint && !region) problems.push('--oss-endpoint or --region: one is required');
  else if (!region && ossEndpoint && !regionOfOssEndpoint(ossEndpoint)) {
    problems.push(`--region: is required when --oss-endpoint names no region (OSS requests are signed V4); got ${ossEndpoint}`);
  }
  const accessKeyId = flags.accessKeyId ?? file.accessKeyId ?? env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  if (!accessKeyId) problems.push('--access-key-id: is required (or accessKeyId in --from-file)');
  const accessKeySecret = env.KAFKA_OSS_ACCESS_KEY_SECRET ?? env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (!accessKeySecret) problems.push('KAFKA_OSS_ACCESS_KEY_SECRET: must hold the AccessKey secret');
  const errorTopic = flags.errorTopic ?? file.errorTopic ?? (name ? derivedNames(name).errorTopic : undefined);

  const settings: SinkSettings = {
    ...DEFAULT_SINK_SETTINGS,
    // A connector's objects go under its name, as the deployed function writes them; --prefix '' for none.
    naming: { prefix: flags.prefix ?? (name ? objectPrefixOf(name) : ''), timePath: (flags.timePath ?? 'none') as TimePath },
    failurePolicy: (flags.failurePolicy ?? file.failurePolicy ?? 'log') as FailurePolicy,
    maxRecordsPerObject: positiveInteger('--max-records', flags.maxRecords ?? SINK_DEFAULTS.maxRecords, problems),
    maxBytesPerObject: positiveInteger('--max-bytes', flags.maxBytes ?? SINK_DEFAULTS.maxBytes, problems),
    maxValueBytes: positiveInteger('--max-value-bytes', flags.maxValueBytes ?? SINK_DEFAULTS.maxValueBytes, problems),
    flushIntervalMs: positiveInteger('--flush-interval-ms', flags.flushIntervalMs ?? SINK_DEFAULTS.flushIntervalMs, problems),
  };
  // validateSinkSettings names the settings' fields; here they are flags. The numbers were checked above.
  for (const problem of validateSinkSettings(settings)) {
    const field = problem.slice(0, problem.indexOf(':'));
    if (SETTING_FLAGS[field]) problems.push(`${SETTING_FLAGS[field]}${problem.slice(field.length)}`);
  }
  if (problems.length > 0 || !topic || !groupId || !bucket || !accessKeyId || !accessKeySecret) return { problems };
  return {
    config: {
      ...(name ? { name } : {}),
      topic,
      groupId,
      fromBeginning: offsetReset === 'earliest',
      concurrency,
      bucket,
      ...(region ? { region } : {}),
      ...(ossEndpoint ? { ossEndpoint } : {}),
      accessKeyId,
      accessKeySecret,
      ...(errorTopic ? { errorTopic } : {}),
      errorTopicRequired: flags.errorTopic !== undefined,
      settings,
    },
    problems,
  };
}

function positiveInteger(flag: string, value: string, problems: string[]): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) problems.push(`${flag}: must be a positive integer (got "${value}")`);
  return n;
}
