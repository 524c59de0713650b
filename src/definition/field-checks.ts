import type { BucketSummary, CloudCatalog, ConnectorRecord, ConsumerGroupSummary, InstanceSummary, TopicSummary, VSwitchSummary } from './catalog.js';
import { FIELDS, type FieldKey } from './fields.js';
import { derivedNames } from './names.js';
import { problem, type Problem } from './problems.js';
import { CONNECTOR_TAG_KEY } from './record.js';
import { editionOf, firstRuleProblem, TOPIC_CONSTRAINTS, topicConstraintProblems, type InstanceEdition, type InternalTopicField } from './rules.js';

/**
 * The rules that need the account, one field at a time, as the console's pickers apply them: pure
 * functions over what the catalog lists (shared with the whole-definition check in live-checks.ts),
 * and `checkFieldAgainstCloud`, which asks the catalog for what one field needs — the wizard calls it
 * as each answer is given.
 */
export interface FieldProblem {
  field: FieldKey;
  problem: Problem;
}

export interface Verdict {
  errors: Problem[];
  warnings: Problem[];
}

export function instanceProblems(instances: InstanceSummary[], regionId: string, instanceId: string): Problem[] {
  if (instances.some((i) => i.instanceId === instanceId)) return [];
  return [problem('instanceNotInRegion', { value: instanceId, region: regionId, known: instances.map((i) => i.instanceId).join(', ') })];
}

export function sourceTopicProblems(topics: TopicSummary[], instanceId: string, topic: string): Problem[] {
  return topics.some((t) => t.name === topic) ? [] : [problem('sourceTopicMissing', { value: topic, instance: instanceId })];
}

/** The name is unique in the instance: no connector records it, and its connect-<name> group is not someone else's. */
export function nameProblems(connectors: ConnectorRecord[], groups: ConsumerGroupSummary[], instanceId: string, name: string): Problem[] {
  if (connectors.some((c) => c.name === name)) return [problem('nameTaken', { value: name, instance: instanceId })];
  const taskGroup = derivedNames(name).taskGroup;
  const foreign = groups.find((g) => g.consumerId === taskGroup && g.tags[CONNECTOR_TAG_KEY] !== name);
  return foreign ? [problem('taskGroupForeign', { value: name, group: taskGroup })] : [];
}

/** An existing bucket of the region (ListBuckets reports the region as cn-hangzhou or oss-cn-hangzhou). */
export function bucketProblems(buckets: BucketSummary[], regionId: string, bucket: string): Problem[] {
  const found = buckets.find((b) => b.name === bucket);
  if (!found) return [problem('bucketMissing', { value: bucket })];
  if (!sameRegion(found.region, regionId)) return [problem('bucketRegion', { value: bucket, region: regionId, bucketRegion: found.region })];
  return [];
}

export function sameRegion(bucketRegion: string, regionId: string): boolean {
  return bucketRegion === regionId || bucketRegion === `oss-${regionId}`;
}

export function vSwitchProblems(vSwitch: VSwitchSummary | undefined, vSwitchId: string, vpcId: string): Problem[] {
  if (!vSwitch) return [problem('vSwitchMissing', { value: vSwitchId })];
  return vSwitch.vpcId === vpcId ? [] : [problem('vSwitchOutsideVpc', { value: vSwitchId, vpc: vpcId, actual: vSwitch.vpcId })];
}

/** In manual mode an internal topic exists and meets its constraint (errors for "must", warnings for "recommended"). */
export function manualTopicVerdict(topics: TopicSummary[], instanceId: string, field: InternalTopicField, name: string, edition: InstanceEdition = 'professional'): Verdict {
  const topic = topics.find((t) => t.name === name);
  if (!topic) return { errors: [problem('manualTopicMissing', { value: name, instance: instanceId })], warnings: [] };
  return topicConstraintProblems(TOPIC_CONSTRAINTS[field], topic, edition);
}

/** What a field's live check needs to know besides its value. */
export interface FieldContext {
  instanceId?: string;
  /** The VPC a VSwitch must be in (the given one, else the instance's). */
  vpcId?: string;
  resources?: string;
  /** The Log Service project a logstore must be in. */
  logProject?: string;
}

function isInternalTopicField(field: FieldKey): field is InternalTopicField {
  return field in TOPIC_CONSTRAINTS;
}

/** One field's value against the account; fields with no live rule (or no instance yet to check against) pass. */
export async function checkFieldAgainstCloud(catalog: CloudCatalog, field: FieldKey, value: string, context: FieldContext): Promise<Verdict> {
  const pass: Verdict = { errors: [], warnings: [] };
  const errors = (problems: Problem[]): Verdict => ({ errors: problems, warnings: [] });
  const { instanceId } = context;
  switch (field) {
    case 'instanceId':
      return errors(instanceProblems(await catalog.listInstances(), catalog.regionId, value));
    case 'bucket':
      return errors(bucketProblems(await catalog.listBuckets(), catalog.regionId, value));
    case 'vSwitchId':
      return context.vpcId ? errors(vSwitchProblems(await catalog.getVSwitch(value), value, context.vpcId)) : pass;
    case 'logProject':
    case 'logStore':
      return errors(await logStoreProblems(catalog, field, value, context.logProject));
    default:
      break;
  }
  if (!instanceId) return pass;
  if (field === 'name') {
    const [connectors, groups] = await Promise.all([catalog.listConnectors(instanceId), catalog.listConsumerGroups(instanceId)]);
    return errors(nameProblems(connectors, groups, instanceId, value));
  }
  if (field === 'sourceTopic') return errors(sourceTopicProblems(await catalog.listTopics(instanceId), instanceId, value));
  if (isInternalTopicField(field) && context.resources === 'manual') {
    const [topics, instances] = await Promise.all([catalog.listTopics(instanceId), catalog.listInstances()]);
    return manualTopicVerdict(topics, instanceId, field, value, editionOf(instances.find((i) => i.instanceId === instanceId)?.specType));
  }
  return pass;
}

/**
 * The rules a set of answers breaks, as data: each given value against its field's rules, each required
 * field nobody gave, and a VPC given without a VSwitch (the structured twin of resolveDefinition's errors).
 */
export function inputProblems(input: Partial<Record<FieldKey, string>>): FieldProblem[] {
  const found: FieldProblem[] = [];
  for (const field of FIELDS) {
    const value = input[field.key];
    const broken = value === undefined ? (field.required ? problem('required', {}) : undefined) : firstRuleProblem(field.rules, value);
    if (broken) found.push({ field: field.key, problem: broken });
  }
  if (input.vpcId !== undefined && input.vSwitchId === undefined) found.push({ field: 'vSwitchId', problem: problem('vSwitchNeededWithVpc', { vpc: input.vpcId }) });
  return found;
}

/** Broken recommendations (name prefixes) of the given values. */
export function inputAdvice(input: Partial<Record<FieldKey, string>>): FieldProblem[] {
  const found: FieldProblem[] = [];
  for (const field of FIELDS) {
    const value = input[field.key];
    if (value === undefined) continue;
    for (const advice of field.advice ?? []) {
      const broken = advice.problem(value);
      if (broken) found.push({ field: field.key, problem: broken });
    }
  }
  return found;
}

/** The function logs' project exists in the region, and the logstore in that project (asked only once the project is known). */
export async function logStoreProblems(catalog: CloudCatalog, field: 'logProject' | 'logStore', value: string, project: string | undefined): Promise<Problem[]> {
  if (field === 'logProject') return (await catalog.logProjectExists(value)) ? [] : [problem('logProjectMissing', { value })];
  if (!project) return [];
  return (await catalog.logStoreExists(project, value)) ? [] : [problem('logStoreMissing', { value, project })];
}
