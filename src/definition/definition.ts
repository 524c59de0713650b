import { z } from 'zod';
import { FAILURE_POLICIES, FIELDS, FIELD_BY_KEY, OFFSET_RESETS, RESOURCE_MODES, fieldTitle as flagTitle, type FieldKey, type FieldSpec } from './fields.js';
import { INTERNAL_TOPICS } from './topics.js';
import { derivedNames } from './names.js';

export const DEFINITION_API_VERSION = 'kafka-oss/v1';

/**
 * A connector definition as recorded by `create` and read by every other command: the schema is the one
 * source of its type. Never holds a secret.
 */
export const connectorDefinitionSchema = z.object({
  apiVersion: z.literal(DEFINITION_API_VERSION),
  kind: z.literal('Connector'),
  name: z.string(),
  taskType: z.literal('KAFKA2OSS'),
  regionId: z.string().optional(),
  instanceId: z.string(),
  sourceTopic: z.string(),
  offsetReset: z.enum(OFFSET_RESETS),
  concurrency: z.union([z.literal(6), z.literal(12)]),
  bucket: z.string(),
  accessKeyId: z.string(),
  /** Unset: the instance's own VPC and VSwitch, resolved by deploy. */
  vpcId: z.string().optional(),
  vSwitchId: z.string().optional(),
  failurePolicy: z.enum(FAILURE_POLICIES),
  resources: z.enum(RESOURCE_MODES),
  /** Always connect-<name>: the console requires it. */
  taskGroup: z.string(),
  connectorGroup: z.string(),
  topics: z.object({ offset: z.string(), config: z.string(), status: z.string(), error: z.string(), deadLetter: z.string() }),
  /** The Log Service logstore the function's FC service ships its logs to; unset: none (FC keeps no logs). */
  logProject: z.string().optional(),
  logStore: z.string().optional(),
});

export type ConnectorDefinition = z.infer<typeof connectorDefinitionSchema>;

/** Field values as the user gave them (flags, file, wizard): strings, not yet checked. */
export type DefinitionInput = Partial<Record<FieldKey, string>>;

export interface Resolution {
  definition?: ConnectorDefinition;
  /** Broken rules, each naming the field, the rule and the value given. */
  errors: string[];
  /** Broken recommendations. */
  warnings: string[];
  /** Required fields nobody gave. */
  missing: FieldSpec[];
}

function fieldSchema(field: FieldSpec) {
  return z.string().superRefine((value, ctx) => {
    for (const rule of field.rules) {
      const problem = rule(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  });
}

/** The one schema: every field with its rules (optional here; required-ness is reported as "missing"). */
export const definitionInputSchema = z.object(
  Object.fromEntries(FIELDS.map((f) => [f.key, fieldSchema(f).optional()])) as Record<FieldKey, z.ZodOptional<z.ZodString>>,
);

/** Applies the rules and the derived defaults; reports every problem at once. */
export function resolveDefinition(
  input: DefinitionInput,
  context: {
    regionId?: string;
    /** How to name a field in a problem (default: its flag and label); a file names its own keys instead. */
    titleOf?: (field: FieldSpec) => string;
  } = {},
): Resolution {
  const fieldTitle = context.titleOf ?? flagTitle;
  const errors: string[] = [];
  const warnings: string[] = [];
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as DefinitionInput;

  const parsed = definitionInputSchema.safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = FIELD_BY_KEY[issue.path[0] as FieldKey];
      errors.push(`${field ? fieldTitle(field) : String(issue.path[0])}: ${issue.message}`);
    }
  }
  for (const field of FIELDS) {
    const value = given[field.key];
    if (value === undefined) continue;
    for (const advice of field.advice ?? []) {
      const problem = advice(value);
      if (problem) warnings.push(`${fieldTitle(field)}: ${problem}`);
    }
  }
  if (given.vpcId !== undefined && given.vSwitchId === undefined) {
    errors.push(`${fieldTitle(FIELD_BY_KEY.vpcId)}: needs ${context.titleOf ? context.titleOf(FIELD_BY_KEY.vSwitchId) : FIELD_BY_KEY.vSwitchId.flag} too, a VSwitch of that VPC (got ${JSON.stringify(given.vpcId)} alone)`);
  }

  errors.push(...logStorePairErrors(given, fieldTitle, context.titleOf));

  const missing = FIELDS.filter((f) => f.required && given[f.key] === undefined);
  if (errors.length > 0 || missing.length > 0) return { errors, warnings, missing };

  const name = given.name!;
  const derived = derivedNames(name);
  const errorTopic = given.errorTopic ?? derived.errorTopic;
  // The rules above have checked every value; the schema gives it its type (no casts).
  const definition = connectorDefinitionSchema.parse({
    apiVersion: DEFINITION_API_VERSION,
    kind: 'Connector',
    name,
    taskType: 'KAFKA2OSS',
    ...(context.regionId ? { regionId: context.regionId } : {}),
    instanceId: given.instanceId,
    sourceTopic: given.sourceTopic,
    offsetReset: given.offsetReset ?? 'latest',
    concurrency: Number(given.concurrency ?? '6'),
    bucket: given.bucket,
    accessKeyId: given.accessKeyId,
    ...(given.vpcId ? { vpcId: given.vpcId } : {}),
    ...(given.vSwitchId ? { vSwitchId: given.vSwitchId } : {}),
    failurePolicy: given.failurePolicy ?? 'log',
    resources: given.resources ?? 'auto',
    taskGroup: derived.taskGroup,
    connectorGroup: given.connectorGroup ?? derived.connectorGroup,
    topics: {
      offset: given.offsetTopic ?? derived.offsetTopic,
      config: given.configTopic ?? derived.configTopic,
      status: given.statusTopic ?? derived.statusTopic,
      error: errorTopic,
      deadLetter: given.deadLetterTopic ?? errorTopic,
    },
    ...(given.logProject && given.logStore ? { logProject: given.logProject, logStore: given.logStore } : {}),
  });
  return { definition, errors, warnings, missing };
}

/** The field values a definition was made from, so that a file can be re-resolved with flags on top. */
export function definitionToInput(definition: ConnectorDefinition): DefinitionInput {
  return {
    name: definition.name,
    instanceId: definition.instanceId,
    sourceTopic: definition.sourceTopic,
    offsetReset: definition.offsetReset,
    concurrency: String(definition.concurrency),
    bucket: definition.bucket,
    accessKeyId: definition.accessKeyId,
    ...(definition.vpcId ? { vpcId: definition.vpcId } : {}),
    ...(definition.vSwitchId ? { vSwitchId: definition.vSwitchId } : {}),
    failurePolicy: definition.failurePolicy,
    resources: definition.resources,
    connectorGroup: definition.connectorGroup,
    ...Object.fromEntries(INTERNAL_TOPICS.map(({ field, key }) => [field, definition.topics[key]])),
    ...(definition.logProject ? { logProject: definition.logProject } : {}),
    ...(definition.logStore ? { logStore: definition.logStore } : {}),
  };
}

/** The logstore is named by its project and its name together: one without the other is an error. */
function logStorePairErrors(given: DefinitionInput, fieldTitle: (field: FieldSpec) => string, titleOf: ((field: FieldSpec) => string) | undefined): string[] {
  const flagOf = (key: 'logProject' | 'logStore') => (titleOf ? titleOf(FIELD_BY_KEY[key]) : FIELD_BY_KEY[key].flag);
  if (given.logProject !== undefined && given.logStore === undefined) {
    return [`${fieldTitle(FIELD_BY_KEY.logProject)}: needs ${flagOf('logStore')} too, a logstore of that project (got ${JSON.stringify(given.logProject)} alone)`];
  }
  if (given.logStore !== undefined && given.logProject === undefined) {
    return [`${fieldTitle(FIELD_BY_KEY.logStore)}: needs ${flagOf('logProject')} too, the Log Service project it is in (got ${JSON.stringify(given.logStore)} alone)`];
  }
  return [];
}
