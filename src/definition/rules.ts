/**
 * Every rule of the connector definition (DESIGN §2), as pure functions over one value. Each returns
 * the rule that was broken, phrased to follow "<field>: " and end with the value given; undefined
 * when the value is fine. The schema, the flags, the wizard and the file loader all call these.
 */
export type Rule = (value: string) => string | undefined;

const got = (value: string): string => `(got ${JSON.stringify(value)})`;

export const CONNECTOR_NAME_MAX = 48;

export const connectorNameRules: Rule[] = [
  (v) => (v.length === 0 ? 'is required' : undefined),
  (v) => (/^[0-9a-z-]*$/.test(v) ? undefined : `may contain only digits, lowercase letters and "-" ${got(v)}`),
  (v) => (v.startsWith('-') ? `must not start with "-" ${got(v)}` : undefined),
  (v) => (v.length > CONNECTOR_NAME_MAX ? `must be at most ${CONNECTOR_NAME_MAX} characters (got ${v.length})` : undefined),
];

/** alikafka topic and consumer-group names: 3–64 characters of letters, digits, "_", "-", ".". */
export const alikafkaNameRules: Rule[] = [
  (v) => (v.length < 3 || v.length > 64 ? `must be 3–64 characters (got ${v.length}: ${JSON.stringify(v)})` : undefined),
  (v) => (/^[A-Za-z0-9_.-]*$/.test(v) ? undefined : `may contain only letters, digits, "_", "-" and "." ${got(v)}`),
];

export const instanceIdRules: Rule[] = [
  (v) => (/^[A-Za-z0-9_-]{3,64}$/.test(v) ? undefined : `must be an alikafka instance id such as alikafka_post-cn-xxxx ${got(v)}`),
];

/** OSS bucket naming: 3–63 characters, lowercase letters, digits and "-", starting and ending alphanumeric. */
export const bucketRules: Rule[] = [
  (v) => (v.length < 3 || v.length > 63 ? `must be 3–63 characters (got ${v.length}: ${JSON.stringify(v)})` : undefined),
  (v) => (/^[a-z0-9-]*$/.test(v) ? undefined : `may contain only lowercase letters, digits and "-" ${got(v)}`),
  (v) => (/^[a-z0-9]/.test(v) && /[a-z0-9]$/.test(v) ? undefined : `must start and end with a lowercase letter or digit ${got(v)}`),
];

export const accessKeyIdRules: Rule[] = [
  (v) => (/^[A-Za-z0-9.]{8,128}$/.test(v) ? undefined : `must be an AccessKey ID (8–128 letters and digits) ${got(v)}`),
];

export const vpcIdRules: Rule[] = [(v) => (/^vpc-[a-z0-9]+$/.test(v) ? undefined : `must look like vpc-xxxx ${got(v)}`)];
export const vSwitchIdRules: Rule[] = [(v) => (/^vsw-[a-z0-9]+$/.test(v) ? undefined : `must look like vsw-xxxx ${got(v)}`)];

export function oneOf(allowed: readonly string[]): Rule[] {
  return [(v) => (allowed.includes(v) ? undefined : `must be ${allowed.join(' or ')} ${got(v)}`)];
}

/** Recommended name prefixes: breaking one is a warning, not an error. */
export function recommendedPrefix(prefix: string): Rule {
  return (v) => (v.startsWith(prefix) ? undefined : `should start with "${prefix}" (recommended) ${got(v)}`);
}

export function firstProblem(rules: Rule[], value: string): string | undefined {
  for (const rule of rules) {
    const problem = rule(value);
    if (problem) return problem;
  }
  return undefined;
}

/** Constraints on the connector's internal topics (DESIGN §2), checked against existing topics in manual mode. */
export interface TopicConstraint {
  partitions: { exactly?: number; moreThan?: number; recommended?: number };
  /** 'local' when the console requires local storage; 'any' when cloud storage is allowed too. */
  storage: 'local' | 'any';
  compact: boolean;
}

export const TOPIC_CONSTRAINTS = {
  offsetTopic: { partitions: { moreThan: 1, recommended: 12 }, storage: 'local', compact: true },
  configTopic: { partitions: { exactly: 1 }, storage: 'local', compact: true },
  statusTopic: { partitions: { recommended: 6 }, storage: 'local', compact: true },
  errorTopic: { partitions: { recommended: 6 }, storage: 'any', compact: false },
  deadLetterTopic: { partitions: { recommended: 6 }, storage: 'any', compact: false },
} as const satisfies Record<string, TopicConstraint>;

export type InternalTopicField = keyof typeof TOPIC_CONSTRAINTS;

export interface ObservedTopic {
  name: string;
  partitionNum: number;
  localTopic: boolean;
  compactTopic: boolean;
}

/**
 * The instance editions that differ for the connector's topics. GetInstanceList's SpecType is `professional` or
 * `professionalForHighRead` for Professional Edition and `normal` for Standard Edition (alikafka API reference,
 * GetInstanceList). A Standard Edition instance cannot choose a topic's storage engine: every topic is on cloud
 * storage ("标准版实例不支持在创建Topic时选择存储引擎，存储引擎默认为云存储", ApsaraMQ for Kafka 存储引擎对比), so
 * neither local storage nor compaction (a Local-storage setting, CreateTopic's CompactTopic) is available there.
 */
export type InstanceEdition = 'standard' | 'professional';

export const editionOf = (specType: string | undefined): InstanceEdition => (specType === 'normal' ? 'standard' : 'professional');

export const EDITION_NAMES: Record<InstanceEdition, string> = { standard: 'Standard Edition', professional: 'Professional Edition' };

/** A cloud-storage topic has at least 2 partitions (ApsaraMQ for Kafka limits: "cloud storage … minimum 2; local storage 1"). */
export const CLOUD_STORAGE_MIN_PARTITIONS = 2;

/**
 * Checks an existing topic against its constraint: errors for "must", warnings for "recommended". On a Standard
 * Edition instance what that edition cannot have — local storage, compaction, and with cloud storage's 2-partition
 * minimum a single partition — is a warning: the console's constraint cannot apply there.
 */
export function checkTopicConstraint(constraint: TopicConstraint, topic: ObservedTopic, edition: InstanceEdition = 'professional'): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  /** A rule of the console's that a Standard Edition instance cannot meet: an error elsewhere, a warning there. */
  const editionRule = (must: string, why = '') => {
    if (edition === 'standard') warnings.push(`${must}: the console's constraint, which a ${EDITION_NAMES.standard} instance cannot meet${why}`);
    else errors.push(must);
  };
  const { partitions } = constraint;
  const n = topic.partitionNum;
  if (partitions.exactly !== undefined && n !== partitions.exactly) {
    const must = `topic "${topic.name}" must have exactly ${partitions.exactly} partition${partitions.exactly === 1 ? '' : 's'} (has ${n})`;
    if (partitions.exactly < CLOUD_STORAGE_MIN_PARTITIONS) editionRule(must, ` (cloud storage needs at least ${CLOUD_STORAGE_MIN_PARTITIONS})`);
    else errors.push(must);
  }
  if (partitions.moreThan !== undefined && n <= partitions.moreThan) {
    errors.push(`topic "${topic.name}" must have more than ${partitions.moreThan} partition${partitions.moreThan === 1 ? '' : 's'} (has ${n})`);
  } else if (partitions.recommended !== undefined && partitions.exactly === undefined && partitions.moreThan === undefined && n !== partitions.recommended) {
    warnings.push(`topic "${topic.name}" should have ${partitions.recommended} partitions (recommended; has ${n})`);
  }
  if (constraint.storage === 'local' && !topic.localTopic) editionRule(`topic "${topic.name}" must use local storage (uses cloud storage)`);
  if (constraint.compact && !topic.compactTopic) editionRule(`topic "${topic.name}" must have cleanup.policy=compact (has delete)`);
  return { errors, warnings };
}
