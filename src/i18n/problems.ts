import { PROBLEM_TEXT, renderProblem, type Problem, type ProblemRenderers } from '../definition/problems.js';
import type { Lang } from './messages.js';

const standardEditionCannot = (why = '') => `：这是控制台的约束，标准版实例无法满足${why}`;

/**
 * The definition's problems (src/definition/problems.ts) in Chinese, worded as the console's document
 * words its rules. The compiler requires one renderer per problem id; the unit test that each differs from the English one.
 */
const got = (value: string): string => `（实际为 ${JSON.stringify(value)}）`;

export const ZH_PROBLEMS: ProblemRenderers = {
  required: () => '为必填项',
  nameChars: (p) => `只能包含数字、小写英文字母和短划线（-）${got(p.value)}`,
  nameLeadingDash: (p) => `不能以短划线（-）开头${got(p.value)}`,
  nameTooLong: (p) => `长度限制为${p.max}个字符（实际为${p.length}个）`,
  alikafkaNameLength: (p) => `长度须为3~64个字符（实际为${p.value.length}个：${JSON.stringify(p.value)}）`,
  alikafkaNameChars: (p) => `只能包含英文字母、数字、下划线（_）、短划线（-）和英文句号（.）${got(p.value)}`,
  instanceIdFormat: (p) => `须为消息队列Kafka版实例ID，例如 alikafka_post-cn-xxxx${got(p.value)}`,
  bucketLength: (p) => `长度须为3~63个字符（实际为${p.value.length}个：${JSON.stringify(p.value)}）`,
  bucketChars: (p) => `只能包含小写英文字母、数字和短划线（-）${got(p.value)}`,
  bucketEnds: (p) => `须以小写英文字母或数字开头和结尾${got(p.value)}`,
  accessKeyIdFormat: (p) => `须为AccessKey ID（8~128个英文字母和数字）${got(p.value)}`,
  vpcIdFormat: (p) => `格式须为 vpc-xxxx${got(p.value)}`,
  vSwitchIdFormat: (p) => `格式须为 vsw-xxxx${got(p.value)}`,
  oneOf: (p) => `取值须为 ${p.allowed.join(' 或 ')}${got(p.value)}`,
  recommendedPrefix: (p) => `建议以 ${p.prefix} 开头${got(p.value)}`,
  vSwitchNeededWithVpc: (p) => `填写了VPC ID时为必填项：须为 ${p.vpc} 中的交换机`,
  topicPartitionsExactly: (p) => `Topic ${JSON.stringify(p.topic)} 的分区数必须为${p.expected}（实际为${p.actual}）${p.standardEdition ? standardEditionCannot('（云存储至少需要2个分区）') : ''}`,
  topicPartitionsMoreThan: (p) => `Topic ${JSON.stringify(p.topic)} 的分区数必须大于${p.expected}（实际为${p.actual}）`,
  topicPartitionsRecommended: (p) => `Topic ${JSON.stringify(p.topic)} 的分区数建议为${p.expected}（实际为${p.actual}）`,
  topicLocalStorage: (p) => `Topic ${JSON.stringify(p.topic)} 的存储引擎必须为Local存储（实际为云存储）${p.standardEdition ? standardEditionCannot() : ''}`,
  topicCompact: (p) => `Topic ${JSON.stringify(p.topic)} 的日志清理策略（cleanup.policy）必须为compact（实际为delete）${p.standardEdition ? standardEditionCannot() : ''}`,
  instanceNotInRegion: (p) => `须为地域 ${p.region} 的实例（实际为 ${JSON.stringify(p.value)}；该地域的实例：${p.known || '无'}）`,
  sourceTopicMissing: (p) => `须为实例 ${p.instance} 中已有的Topic${got(p.value)}`,
  nameTaken: (p) => `同一实例内须保持唯一；实例 ${p.instance} 中已有名为 ${JSON.stringify(p.value)} 的Connector`,
  taskGroupForeign: (p) =>
    `同一实例内须保持唯一；Consumer Group ${JSON.stringify(p.group)} 已存在且不属于同名的Connector${got(p.value)}`,
  bucketMissing: (p) => `须为已有的OSS Bucket${got(p.value)}`,
  bucketRegion: (p) => `须与实例位于同一地域 ${p.region}（Bucket ${JSON.stringify(p.value)} 位于 ${p.bucketRegion}）`,
  vSwitchMissing: (p) => `须为该地域已有的交换机${got(p.value)}`,
  vSwitchOutsideVpc: (p) => `须位于VPC ${p.vpc} 中（${JSON.stringify(p.value)} 位于 ${p.actual}）`,
  manualTopicMissing: (p) => `手动创建时须为实例 ${p.instance} 中已有的Topic${got(p.value)}`,
  topicExists: (p) => `须为新的Topic名称；实例 ${p.instance} 中已有Topic ${JSON.stringify(p.value)}`,
  bucketExists: (p) => `须为新的Bucket名称；Bucket ${JSON.stringify(p.value)} 已存在`,
  remarkFormat: (p) => `须为3~64个字符，只能包含英文字母、数字、下划线（_）和短划线（-）${got(p.value)}`,
  partitionCount: (p) => `须为1~${p.max}之间的整数${got(p.value)}`,
  logProjectFormat: (p) => `须为日志服务Project名称：3~63个字符，只能包含小写英文字母、数字和短划线（-），须以小写英文字母或数字开头和结尾${got(p.value)}`,
  logStoreFormat: (p) => `须为Logstore名称：3~63个字符，只能包含小写英文字母、数字、短划线（-）和下划线（_），须以小写英文字母或数字开头和结尾${got(p.value)}`,
  logStoreNeededWithProject: (p) => `填写了日志服务Project时为必填项：须为 ${p.project} 中的Logstore`,
  logProjectMissing: (p) => `须为该地域已有的日志服务Project${got(p.value)}`,
  logStoreMissing: (p) => `须为Project ${p.project} 中已有的Logstore${got(p.value)}`,
};

const RENDERERS: Record<Lang, ProblemRenderers> = { en: PROBLEM_TEXT, zh: ZH_PROBLEMS };

/** A problem in the user's language. */
export function problemText(p: Problem, lang: Lang): string {
  return renderProblem(p, RENDERERS[lang]);
}
