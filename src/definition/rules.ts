import { problem, renderProblem, type Problem } from './problems.js';

/**
 * Every rule of the connector definition (DESIGN §2), as pure functions over one value. Each returns
 * the rule that was broken, phrased to follow "<field>: " and end with the value given; undefined
 * when the value is fine. The schema, the flags, the wizard and the file loader all call these.
 * `rule.problem(value)` gives the same as data (src/definition/problems.ts), for other languages.
 */
export interface Rule {
  (value: string): string | undefined;
  problem(value: string): Problem | undefined;
}

function rule(check: (value: string) => Problem | undefined): Rule {
  return Object.assign((value: string) => {
    const broken = check(value);
    return broken && renderProblem(broken);
  }, { problem: check });
}

export const CONNECTOR_NAME_MAX = 48;

export const connectorNameRules: Rule[] = [
  rule((v) => (v.length === 0 ? problem('required', {}) : undefined)),
  rule((v) => (/^[0-9a-z-]*$/.test(v) ? undefined : problem('nameChars', { value: v }))),
  rule((v) => (v.startsWith('-') ? problem('nameLeadingDash', { value: v }) : undefined)),
  rule((v) => (v.length > CONNECTOR_NAME_MAX ? problem('nameTooLong', { max: CONNECTOR_NAME_MAX, length: v.length }) : undefined)),
];

/** alikafka topic and consumer-group names: 3–64 characters of letters, digits, "_", "-", ".". */
export const alikafkaNameRules: Rule[] = [
  rule((v) => (v.length < 3 || v.length > 64 ? problem('alikafkaNameLength', { value: v }) : undefined)),
  rule((v) => (/^[A-Za-z0-9_.-]*$/.test(v) ? undefined : problem('alikafkaNameChars', { value: v }))),
];

export const instanceIdRules: Rule[] = [
  rule((v) => (/^[A-Za-z0-9_-]{3,64}$/.test(v) ? undefined : problem('instanceIdFormat', { value: v }))),
];

/** OSS bucket naming: 3–63 characters, lowercase letters, digits and "-", starting and ending alphanumeric. */
export const bucketRules: Rule[] = [
  rule((v) => (v.length < 3 || v.length > 63 ? problem('bucketLength', { value: v }) : undefined)),
  rule((v) => (/^[a-z0-9-]*$/.test(v) ? undefined : problem('bucketChars', { value: v }))),
  rule((v) => (/^[a-z0-9]/.test(v) && /[a-z0-9]$/.test(v) ? undefined : problem('bucketEnds', { value: v }))),
];

export const accessKeyIdRules: Rule[] = [
  rule((v) => (/^[A-Za-z0-9.]{8,128}$/.test(v) ? undefined : problem('accessKeyIdFormat', { value: v }))),
];

export const vpcIdRules: Rule[] = [rule((v) => (/^vpc-[a-z0-9]+$/.test(v) ? undefined : problem('vpcIdFormat', { value: v })))];
export const vSwitchIdRules: Rule[] = [rule((v) => (/^vsw-[a-z0-9]+$/.test(v) ? undefined : problem('vSwitchIdFormat', { value: v })))];

/** Log Service project names: 3–63 lowercase letters, digits and "-", starting and ending with a letter or digit (SLS CreateProjectRequest.projectName). */
export const logProjectRules: Rule[] = [rule((v) => (/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(v) ? undefined : problem('logProjectFormat', { value: v })))];
/** Logstore names: 3–63 lowercase letters, digits, "-" and "_", starting and ending with a letter or digit (SLS CreateLogStoreRequest.logstoreName). */
export const logStoreRules: Rule[] = [rule((v) => (/^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/.test(v) ? undefined : problem('logStoreFormat', { value: v })))];

export function oneOf(allowed: readonly string[]): Rule[] {
  return [rule((v) => (allowed.includes(v) ? undefined : problem('oneOf', { value: v, allowed })))];
}

/** Recommended name prefixes: breaking one is a warning, not an error. */
export function recommendedPrefix(prefix: string): Rule {
  return rule((v) => (v.startsWith(prefix) ? undefined : problem('recommendedPrefix', { value: v, prefix })));
}

export function firstProblem(rules: Rule[], value: string): string | undefined {
  const broken = firstRuleProblem(rules, value);
  return broken && renderProblem(broken);
}

/** The first rule the value breaks, as data. */
export function firstRuleProblem(rules: Rule[], value: string): Problem | undefined {
  for (const check of rules) {
    const broken = check.problem(value);
    if (broken) return broken;
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

/** Checks an existing topic against its constraint: errors for "must", warnings for "recommended". */
export function checkTopicConstraint(constraint: TopicConstraint, topic: ObservedTopic, edition: InstanceEdition = 'professional'): { errors: string[]; warnings: string[] } {
  const verdict = topicConstraintProblems(constraint, topic, edition);
  return { errors: verdict.errors.map((p) => renderProblem(p)), warnings: verdict.warnings.map((p) => renderProblem(p)) };
}

/**
 * The same verdict as data. On a Standard Edition instance what that edition cannot have — local storage,
 * compaction, and with cloud storage's 2-partition minimum a single partition — is a warning: the console's
 * constraint cannot apply there.
 */
export function topicConstraintProblems(constraint: TopicConstraint, topic: ObservedTopic, edition: InstanceEdition = 'professional'): { errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const standard = edition === 'standard';
  const editionRule = (broken: Problem) => (standard ? warnings : errors).push(broken);
  const { partitions } = constraint;
  const actual = topic.partitionNum;
  const name = topic.name;
  if (partitions.exactly !== undefined && actual !== partitions.exactly) {
    const cannot = standard && partitions.exactly < CLOUD_STORAGE_MIN_PARTITIONS;
    (cannot ? warnings : errors).push(problem('topicPartitionsExactly', { topic: name, expected: partitions.exactly, actual, ...(cannot ? { standardEdition: true } : {}) }));
  }
  if (partitions.moreThan !== undefined && actual <= partitions.moreThan) {
    errors.push(problem('topicPartitionsMoreThan', { topic: name, expected: partitions.moreThan, actual }));
  } else if (partitions.recommended !== undefined && partitions.exactly === undefined && partitions.moreThan === undefined && actual !== partitions.recommended) {
    warnings.push(problem('topicPartitionsRecommended', { topic: name, expected: partitions.recommended, actual }));
  }
  if (constraint.storage === 'local' && !topic.localTopic) editionRule(problem('topicLocalStorage', { topic: name, ...(standard ? { standardEdition: true } : {}) }));
  if (constraint.compact && !topic.compactTopic) editionRule(problem('topicCompact', { topic: name, ...(standard ? { standardEdition: true } : {}) }));
  return { errors, warnings };
}
