import type { CloudCatalog, InstanceSummary } from './catalog.js';
import { FIELD_BY_KEY, fieldTitle, type FieldKey } from './fields.js';
import { bucketProblems, instanceProblems, logStoreProblems, manualTopicVerdict, nameProblems, sourceTopicProblems, vSwitchProblems, type FieldProblem } from './field-checks.js';
import { renderProblem, type Problem } from './problems.js';
import { editionOf } from './rules.js';
import { internalTopics } from './topics.js';
import type { ConnectorDefinition } from './definition.js';

export interface LiveCheckResult {
  /** Each problem in English, introduced by the field's flag and label. */
  errors: string[];
  warnings: string[];
  /** The same problems as data, for the wizard to show in the user's language. */
  fieldErrors: FieldProblem[];
  fieldWarnings: FieldProblem[];
  /** The instance the definition names, when it exists. */
  instance?: InstanceSummary;
}

/**
 * The rules that need the account: the instance, the source topic and the bucket exist; the name is
 * unique in the instance; the VSwitch is in the VPC; the function logs' Log Service project and logstore
 * exist; in manual mode the named topics exist and meet their constraints. Every problem is reported at once.
 */
export async function checkAgainstCloud(definition: ConnectorDefinition, catalog: CloudCatalog): Promise<LiveCheckResult> {
  const fieldErrors: FieldProblem[] = [];
  const fieldWarnings: FieldProblem[] = [];
  const add = (list: FieldProblem[], field: FieldKey, problems: Problem[]) => list.push(...problems.map((problem) => ({ field, problem })));

  const instances = await catalog.listInstances();
  const instance = instances.find((i) => i.instanceId === definition.instanceId);
  if (!instance) {
    add(fieldErrors, 'instanceId', instanceProblems(instances, catalog.regionId, definition.instanceId));
    return rendered(fieldErrors, fieldWarnings);
  }

  const { instanceId } = instance;
  const [topics, groups, connectors, buckets] = await Promise.all([
    catalog.listTopics(instanceId),
    catalog.listConsumerGroups(instanceId),
    catalog.listConnectors(instanceId),
    catalog.listBuckets(),
  ]);
  add(fieldErrors, 'sourceTopic', sourceTopicProblems(topics, instanceId, definition.sourceTopic));
  add(fieldErrors, 'name', nameProblems(connectors, groups, instanceId, definition.name));
  add(fieldErrors, 'bucket', bucketProblems(buckets, catalog.regionId, definition.bucket));
  if (definition.vSwitchId) {
    add(fieldErrors, 'vSwitchId', vSwitchProblems(await catalog.getVSwitch(definition.vSwitchId), definition.vSwitchId, definition.vpcId ?? instance.vpcId));
  }
  if (definition.logProject && definition.logStore) {
    const projectProblems = await logStoreProblems(catalog, 'logProject', definition.logProject, undefined);
    add(fieldErrors, 'logProject', projectProblems);
    if (projectProblems.length === 0) add(fieldErrors, 'logStore', await logStoreProblems(catalog, 'logStore', definition.logStore, definition.logProject));
  }
  if (definition.resources === 'manual') {
    for (const { field, name } of internalTopics(definition.topics)) {
      if (field === 'deadLetterTopic' && name === definition.topics.error) continue;
      const verdict = manualTopicVerdict(topics, instanceId, field, name, editionOf(instance.specType));
      add(fieldErrors, field, verdict.errors);
      add(fieldWarnings, field, verdict.warnings);
    }
  }
  return { ...rendered(fieldErrors, fieldWarnings), instance };
}

function rendered(fieldErrors: FieldProblem[], fieldWarnings: FieldProblem[]) {
  const text = (p: FieldProblem) => `${fieldTitle(FIELD_BY_KEY[p.field])}: ${renderProblem(p.problem)}`;
  return { errors: fieldErrors.map(text), warnings: fieldWarnings.map(text), fieldErrors, fieldWarnings };
}
