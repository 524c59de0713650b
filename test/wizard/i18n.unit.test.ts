import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/definition/fields.js';
import { PROBLEM_TEXT, renderProblem, type Problem, type ProblemId, type ProblemParams } from '../../src/definition/problems.js';
import { CHOICES, HINTS } from '../../src/i18n/explanations.js';
import { MESSAGES } from '../../src/i18n/messages.js';
import { problemText, ZH_PROBLEMS } from '../../src/i18n/problems.js';

// Issue #12 item 9: every user-facing string of the wizard and create has its Chinese form.

/** Terms the console itself leaves in English in its Chinese pages. */
const SAME_IN_BOTH = new Set(['AccessKey Secret', 'AccessKey ID', 'VPC ID', 'VSwitch ID', '12']);
/** Chinese text: CJK ideographs or full-width punctuation. */
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

function expectTranslated(en: Record<string, string>, zh: Record<string, string>, where: string) {
  expect(Object.keys(zh).sort(), `${where}: keys`).toEqual(Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    const [english, chinese] = [en[key]!, zh[key]];
    expect(chinese, `${where}.${key} has no Chinese form`).toBeTruthy();
    if (SAME_IN_BOTH.has(english)) continue;
    expect(chinese, `${where}.${key} is the English text`).not.toBe(english);
    expect(chinese, `${where}.${key} is not Chinese`).toMatch(CJK);
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(params(chinese!), `${where}.${key}: parameters`).toEqual(params(english));
  }
}

/** One example of every problem's parameters: the compiler requires an entry per problem id. */
const SAMPLES: { [K in ProblemId]: ProblemParams<K> } = {
  required: {},
  nameChars: { value: 'Bad_Name' },
  nameLeadingDash: { value: '-abc' },
  nameTooLong: { max: 48, length: 49 },
  alikafkaNameLength: { value: 'ab' },
  alikafkaNameChars: { value: 'a b' },
  instanceIdFormat: { value: 'x' },
  bucketLength: { value: 'ab' },
  bucketChars: { value: 'Bucket_Test' },
  bucketEnds: { value: '-bucket' },
  accessKeyIdFormat: { value: 'abc' },
  vpcIdFormat: { value: 'vp-1' },
  vSwitchIdFormat: { value: 'sw-1' },
  oneOf: { value: '8', allowed: ['6', '12'] },
  recommendedPrefix: { value: 'my-offset', prefix: 'connect-offset-' },
  vSwitchNeededWithVpc: { vpc: 'vpc-main' },
  topicPartitionsExactly: { topic: 'my-config', expected: 1, actual: 2 },
  topicPartitionsMoreThan: { topic: 'my-offset', expected: 1, actual: 1 },
  topicPartitionsRecommended: { topic: 'my-status', expected: 6, actual: 3 },
  topicLocalStorage: { topic: 'my-config' },
  topicCompact: { topic: 'my-config' },
  instanceNotInRegion: { value: 'alikafka_x', region: 'cn-hangzhou', known: 'alikafka_post-cn-1' },
  sourceTopicMissing: { value: 'nope', instance: 'alikafka_post-cn-1' },
  nameTaken: { value: 'orders', instance: 'alikafka_post-cn-1' },
  taskGroupForeign: { value: 'orders', group: 'connect-orders' },
  bucketMissing: { value: 'no-bucket' },
  bucketRegion: { value: 'far-bucket', region: 'cn-hangzhou', bucketRegion: 'oss-cn-beijing' },
  vSwitchMissing: { value: 'vsw-nope' },
  vSwitchOutsideVpc: { value: 'vsw-other', vpc: 'vpc-main', actual: 'vpc-other' },
  manualTopicMissing: { value: 'my-status', instance: 'alikafka_post-cn-1' },
  topicExists: { value: 'orders', instance: 'alikafka_post-cn-1' },
  bucketExists: { value: 'my-bucket' },
  remarkFormat: { value: 'a.b' },
  partitionCount: { value: '0', max: 360 },
  logProjectFormat: { value: 'Bad_Project' },
  logStoreFormat: { value: 'x' },
  logStoreNeededWithProject: { project: 'fc-logs' },
  logProjectMissing: { value: 'no-project' },
  logStoreMissing: { value: 'no-store', project: 'fc-logs' },
};

describe('Chinese forms', () => {
  it('every wizard and create message has one, with the same parameters', () => {
    expectTranslated(MESSAGES.en, MESSAGES.zh, 'MESSAGES');
  });

  it('every console explanation and every choice has one', () => {
    expectTranslated(HINTS.en, HINTS.zh, 'HINTS');
    for (const field of Object.keys(CHOICES.en) as Array<keyof typeof CHOICES.en>) {
      for (const value of Object.keys(CHOICES.en[field])) {
        const [en, zh] = [CHOICES.en[field][value]!, CHOICES.zh[field][value]];
        expectTranslated({ name: en.name, description: en.description }, { name: zh?.name ?? '', description: zh?.description ?? '' }, `CHOICES.${field}.${value}`);
      }
    }
  });

  it('every field label has one', () => {
    expectTranslated(Object.fromEntries(FIELDS.map((f) => [f.key, f.label.en])), Object.fromEntries(FIELDS.map((f) => [f.key, f.label.zh])), 'labels');
  });

  it('every problem has one that names the same values', () => {
    expect(Object.keys(ZH_PROBLEMS).sort()).toEqual(Object.keys(PROBLEM_TEXT).sort());
    for (const id of Object.keys(PROBLEM_TEXT) as ProblemId[]) {
      const problem = { id, params: SAMPLES[id] } as Problem;
      const [en, zh] = [renderProblem(problem), problemText(problem, 'zh')];
      expect(zh, id).not.toBe(en);
      expect(zh, id).toMatch(CJK);
      for (const value of Object.values(SAMPLES[id]).flat()) expect(zh, `${id} drops ${String(value)}`).toContain(String(value));
    }
  });

  it('fails on a missing or untranslated message (the checks above can fail)', () => {
    expect(() => expectTranslated({ a: 'Deploy now?', b: 'Submit' }, { a: '是否立即部署？' }, 'sample')).toThrow(/keys/);
    expect(() => expectTranslated({ a: 'Submit' }, { a: 'Submit' }, 'sample')).toThrow(/is the English text/);
    expect(() => expectTranslated({ a: 'Created {topic}' }, { a: '已创建 {name}' }, 'sample')).toThrow(/parameters/);
  });
});
