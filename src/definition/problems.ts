/**
 * Every broken rule of a connector definition as data: which rule (the id) and the values its message
 * names. The English text of each is here, phrased to follow "<field>: "; other languages render the
 * same problems in src/i18n, so the wizard speaks the user's language while the CLI stays English.
 */
const got = (value: string): string => `(got ${JSON.stringify(value)})`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

type V = { value: string };
const standardEditionCannot = (why = '') => `: the console's constraint, which a Standard Edition instance cannot meet${why}`;

export const PROBLEM_TEXT = {
  // Syntax rules (src/definition/rules.ts)
  required: (_p: Record<string, never>) => 'is required',
  nameChars: (p: V) => `may contain only digits, lowercase letters and "-" ${got(p.value)}`,
  nameLeadingDash: (p: V) => `must not start with "-" ${got(p.value)}`,
  nameTooLong: (p: { max: number; length: number }) => `must be at most ${p.max} characters (got ${p.length})`,
  alikafkaNameLength: (p: V) => `must be 3–64 characters (got ${p.value.length}: ${JSON.stringify(p.value)})`,
  alikafkaNameChars: (p: V) => `may contain only letters, digits, "_", "-" and "." ${got(p.value)}`,
  instanceIdFormat: (p: V) => `must be an alikafka instance id such as alikafka_post-cn-xxxx ${got(p.value)}`,
  bucketLength: (p: V) => `must be 3–63 characters (got ${p.value.length}: ${JSON.stringify(p.value)})`,
  bucketChars: (p: V) => `may contain only lowercase letters, digits and "-" ${got(p.value)}`,
  bucketEnds: (p: V) => `must start and end with a lowercase letter or digit ${got(p.value)}`,
  accessKeyIdFormat: (p: V) => `must be an AccessKey ID (8–128 letters and digits) ${got(p.value)}`,
  vpcIdFormat: (p: V) => `must look like vpc-xxxx ${got(p.value)}`,
  vSwitchIdFormat: (p: V) => `must look like vsw-xxxx ${got(p.value)}`,
  oneOf: (p: V & { allowed: readonly string[] }) => `must be ${p.allowed.join(' or ')} ${got(p.value)}`,
  recommendedPrefix: (p: V & { prefix: string }) => `should start with "${p.prefix}" (recommended) ${got(p.value)}`,
  vSwitchNeededWithVpc: (p: { vpc: string }) => `is required with a VPC ID: a VSwitch of ${p.vpc}`,
  // Constraints on an existing internal topic (manual mode, deploy)
  topicPartitionsExactly: (p: { topic: string; expected: number; actual: number; standardEdition?: boolean }) =>
    `topic "${p.topic}" must have exactly ${plural(p.expected, 'partition')} (has ${p.actual})${p.standardEdition ? standardEditionCannot(` (cloud storage needs at least 2)`) : ''}`,
  topicPartitionsMoreThan: (p: { topic: string; expected: number; actual: number }) =>
    `topic "${p.topic}" must have more than ${plural(p.expected, 'partition')} (has ${p.actual})`,
  topicPartitionsRecommended: (p: { topic: string; expected: number; actual: number }) =>
    `topic "${p.topic}" should have ${p.expected} partitions (recommended; has ${p.actual})`,
  topicLocalStorage: (p: { topic: string; standardEdition?: boolean }) =>
    `topic "${p.topic}" must use local storage (uses cloud storage)${p.standardEdition ? standardEditionCannot() : ''}`,
  topicCompact: (p: { topic: string; standardEdition?: boolean }) =>
    `topic "${p.topic}" must have cleanup.policy=compact (has delete)${p.standardEdition ? standardEditionCannot() : ''}`,
  // Rules that need the account (src/definition/field-checks.ts)
  instanceNotInRegion: (p: V & { region: string; known: string }) =>
    `must be an instance of region ${p.region} (got ${JSON.stringify(p.value)}; the region has: ${p.known || 'none'})`,
  sourceTopicMissing: (p: V & { instance: string }) => `must be an existing topic of instance ${p.instance} ${got(p.value)}`,
  nameTaken: (p: V & { instance: string }) =>
    `must be unique in the instance; a connector named ${JSON.stringify(p.value)} already exists in ${p.instance}`,
  taskGroupForeign: (p: V & { group: string }) =>
    `must be unique in the instance; consumer group ${JSON.stringify(p.group)} already exists and belongs to no connector of that name ${got(p.value)}`,
  bucketMissing: (p: V) => `must be an existing OSS bucket ${got(p.value)}`,
  bucketRegion: (p: V & { region: string; bucketRegion: string }) =>
    `must be in the instance's region ${p.region} (bucket ${JSON.stringify(p.value)} is in ${p.bucketRegion})`,
  vSwitchMissing: (p: V) => `must be an existing VSwitch of the region ${got(p.value)}`,
  vSwitchOutsideVpc: (p: V & { vpc: string; actual: string }) => `must be in VPC ${p.vpc} (got ${JSON.stringify(p.value)}, which is in ${p.actual})`,
  manualTopicMissing: (p: V & { instance: string }) => `in manual mode must be an existing topic of instance ${p.instance} ${got(p.value)}`,
  topicExists: (p: V & { instance: string }) => `must be a new topic name; instance ${p.instance} already has a topic ${JSON.stringify(p.value)}`,
  bucketExists: (p: V) => `must be a new bucket name; a bucket ${JSON.stringify(p.value)} already exists`,
  remarkFormat: (p: V) => `must be 3–64 characters of letters, digits, "_" and "-" ${got(p.value)}`,
  partitionCount: (p: V & { max: number }) => `must be a whole number from 1 to ${p.max} ${got(p.value)}`,
  // The function logs' logstore (syntax, pairing, and the account)
  logProjectFormat: (p: V) => `must be a Log Service project name: 3–63 lowercase letters, digits and "-", starting and ending with a letter or digit ${got(p.value)}`,
  logStoreFormat: (p: V) => `must be a logstore name: 3–63 lowercase letters, digits, "-" and "_", starting and ending with a letter or digit ${got(p.value)}`,
  logStoreNeededWithProject: (p: { project: string }) => `is required with a Log Service project: a logstore of ${p.project}`,
  logProjectMissing: (p: V) => `must be an existing Log Service project of the region ${got(p.value)}`,
  logStoreMissing: (p: V & { project: string }) => `must be an existing logstore of project ${p.project} ${got(p.value)}`,
} as const;

export type ProblemId = keyof typeof PROBLEM_TEXT;
export type ProblemParams<K extends ProblemId> = Parameters<(typeof PROBLEM_TEXT)[K]>[0];

/** One broken rule: its id and the values its message names. */
export type Problem = { [K in ProblemId]: { id: K; params: ProblemParams<K> } }[ProblemId];

/** Renders problems in one language: a function per id, over that id's parameters. */
export type ProblemRenderers = { [K in ProblemId]: (params: ProblemParams<K>) => string };

export function problem<K extends ProblemId>(id: K, params: ProblemParams<K>): Problem {
  return { id, params } as Problem;
}

/** A problem's text with a table of renderers (English by default). */
export function renderProblem(p: Problem, renderers: ProblemRenderers = PROBLEM_TEXT): string {
  // One id, its own parameters: TypeScript cannot correlate the two through the union, so the call is widened here.
  const render = renderers[p.id] as (params: unknown) => string;
  return render(p.params);
}
