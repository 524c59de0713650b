import { z } from 'zod';
import { FIELDS, FIELD_BY_KEY, fieldTitle, type FieldKey, type FieldSpec } from './fields.js';
import { derivedNames } from './names.js';

export const DEFINITION_API_VERSION = 'kafka-oss/v1';

/** A connector definition as recorded by `create` and read by every other command. Never holds a secret. */
export interface ConnectorDefinition {
  apiVersion: typeof DEFINITION_API_VERSION;
  kind: 'Connector';
  name: string;
  taskType: 'KAFKA2OSS';
  regionId?: string;
  instanceId: string;
  sourceTopic: string;
  offsetReset: 'latest' | 'earliest';
  concurrency: 6 | 12;
  bucket: string;
  accessKeyId: string;
  /** Unset: the instance's own VPC and VSwitch, resolved by deploy. */
  vpcId?: string;
  vSwitchId?: string;
  failurePolicy: 'log' | 'fail';
  resources: 'auto' | 'manual';
  /** Always connect-<name>: the console requires it. */
  taskGroup: string;
  connectorGroup: string;
  topics: { offset: string; config: string; status: string; error: string; deadLetter: string };
}

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
export function resolveDefinition(input: DefinitionInput, context: { regionId?: string } = {}): Resolution {
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
    errors.push(`${fieldTitle(FIELD_BY_KEY.vpcId)}: needs ${FIELD_BY_KEY.vSwitchId.flag} too, a VSwitch of that VPC (got ${JSON.stringify(given.vpcId)} alone)`);
  }

  const missing = FIELDS.filter((f) => f.required && given[f.key] === undefined);
  if (errors.length > 0 || missing.length > 0) return { errors, warnings, missing };

  const name = given.name as string;
  const derived = derivedNames(name);
  const errorTopic = given.errorTopic ?? derived.errorTopic;
  const definition: ConnectorDefinition = {
    apiVersion: DEFINITION_API_VERSION,
    kind: 'Connector',
    name,
    taskType: 'KAFKA2OSS',
    ...(context.regionId ? { regionId: context.regionId } : {}),
    instanceId: given.instanceId as string,
    sourceTopic: given.sourceTopic as string,
    offsetReset: (given.offsetReset ?? 'latest') as ConnectorDefinition['offsetReset'],
    concurrency: Number(given.concurrency ?? '6') as ConnectorDefinition['concurrency'],
    bucket: given.bucket as string,
    accessKeyId: given.accessKeyId as string,
    ...(given.vpcId ? { vpcId: given.vpcId } : {}),
    ...(given.vSwitchId ? { vSwitchId: given.vSwitchId } : {}),
    failurePolicy: (given.failurePolicy ?? 'log') as ConnectorDefinition['failurePolicy'],
    resources: (given.resources ?? 'auto') as ConnectorDefinition['resources'],
    taskGroup: derived.taskGroup,
    connectorGroup: given.connectorGroup ?? derived.connectorGroup,
    topics: {
      offset: given.offsetTopic ?? derived.offsetTopic,
      config: given.configTopic ?? derived.configTopic,
      status: given.statusTopic ?? derived.statusTopic,
      error: errorTopic,
      deadLetter: given.deadLetterTopic ?? errorTopic,
    },
  };
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
    offsetTopic: definition.topics.offset,
    configTopic: definition.topics.config,
    statusTopic: definition.topics.status,
    errorTopic: definition.topics.error,
    deadLetterTopic: definition.topics.deadLetter,
  };
}
