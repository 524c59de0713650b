import type { CloudCatalog, InstanceSummary } from './catalog.js';
import { derivedNames } from './names.js';
import { CONNECTOR_TAG_KEY } from './record.js';
import { FIELD_BY_KEY, fieldTitle, type FieldKey } from './fields.js';
import { checkTopicConstraint, editionOf, TOPIC_CONSTRAINTS } from './rules.js';
import { internalTopics } from './topics.js';
import type { ConnectorDefinition } from './definition.js';

export interface LiveCheckResult {
  errors: string[];
  warnings: string[];
  /** The instance the definition names, when it exists. */
  instance?: InstanceSummary;
}

const title = (key: FieldKey) => fieldTitle(FIELD_BY_KEY[key]);


/**
 * The rules that need the account: the instance, the source topic and the bucket exist; the name is
 * unique in the instance; the VSwitch is in the VPC; in manual mode the named topics exist and meet
 * their constraints. Every problem is reported at once.
 */
export async function checkAgainstCloud(definition: ConnectorDefinition, catalog: CloudCatalog): Promise<LiveCheckResult> {
  const errors: string[] = [];
  const warnings: string[] = [];
  const instances = await catalog.listInstances();
  const instance = instances.find((i) => i.instanceId === definition.instanceId);
  if (!instance) {
    const known = instances.map((i) => i.instanceId).join(', ') || 'none';
    errors.push(`${title('instanceId')}: must be an instance of region ${catalog.regionId} (got ${JSON.stringify(definition.instanceId)}; the region has: ${known})`);
    return { errors, warnings };
  }

  const [topics, groups, connectors, buckets] = await Promise.all([
    catalog.listTopics(instance.instanceId),
    catalog.listConsumerGroups(instance.instanceId),
    catalog.listConnectors(instance.instanceId),
    catalog.listBuckets(),
  ]);
  const topicByName = new Map(topics.map((t) => [t.name, t]));

  if (!topicByName.has(definition.sourceTopic)) {
    errors.push(`${title('sourceTopic')}: must be an existing topic of instance ${instance.instanceId} (got ${JSON.stringify(definition.sourceTopic)})`);
  }

  if (connectors.some((c) => c.name === definition.name)) {
    errors.push(`${title('name')}: must be unique in the instance; a connector named ${JSON.stringify(definition.name)} already exists in ${instance.instanceId}`);
  } else {
    const taskGroup = derivedNames(definition.name).taskGroup;
    const foreign = groups.find((g) => g.consumerId === taskGroup && g.tags[CONNECTOR_TAG_KEY] !== definition.name);
    if (foreign) {
      errors.push(`${title('name')}: must be unique in the instance; consumer group ${JSON.stringify(taskGroup)} already exists and belongs to no connector of that name (got ${JSON.stringify(definition.name)})`);
    }
  }

  const bucket = buckets.find((b) => b.name === definition.bucket);
  if (!bucket) {
    errors.push(`${title('bucket')}: must be an existing OSS bucket (got ${JSON.stringify(definition.bucket)})`);
  } else if (bucket.region !== catalog.regionId && bucket.region !== `oss-${catalog.regionId}`) {
    errors.push(`${title('bucket')}: must be in the instance's region ${catalog.regionId} (bucket ${JSON.stringify(definition.bucket)} is in ${bucket.region})`);
  }

  if (definition.vSwitchId) {
    const vpcId = definition.vpcId ?? instance.vpcId;
    const vSwitch = await catalog.getVSwitch(definition.vSwitchId);
    if (!vSwitch) {
      errors.push(`${title('vSwitchId')}: must be an existing VSwitch of the region (got ${JSON.stringify(definition.vSwitchId)})`);
    } else if (vSwitch.vpcId !== vpcId) {
      errors.push(`${title('vSwitchId')}: must be in VPC ${vpcId} (got ${JSON.stringify(definition.vSwitchId)}, which is in ${vSwitch.vpcId})`);
    }
  }

  if (definition.resources === 'manual') {
    for (const { field, name } of internalTopics(definition.topics)) {
      if (field === 'deadLetterTopic' && name === definition.topics.error) continue;
      const topic = topicByName.get(name);
      if (!topic) {
        errors.push(`${title(field)}: in manual mode must be an existing topic of instance ${instance.instanceId} (got ${JSON.stringify(name)})`);
        continue;
      }
      const verdict = checkTopicConstraint(TOPIC_CONSTRAINTS[field], topic, editionOf(instance.specType));
      errors.push(...verdict.errors.map((e) => `${title(field)}: ${e}`));
      warnings.push(...verdict.warnings.map((w) => `${title(field)}: ${w}`));
    }
  }
  return { errors, warnings, instance };
}
