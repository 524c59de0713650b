import { describe, expect, it } from 'vitest';
import { runWizard } from '../../src/wizard/wizard.js';
import type { Prompts } from '../../src/wizard/prompts.js';
import { fakeCatalog } from '../support/fake-catalog.js';

/** Answers prompts from a script, in order; an input answer is checked by the prompt's own validate. */
function scriptedPrompts(answers: Array<string | boolean>) {
  const asked: string[] = [];
  const rejected: string[] = [];
  const next = (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`no scripted answer for "${message}"`);
    return answers.shift()!;
  };
  const prompts: Prompts = {
    input: async ({ message, default: def, validate }) => {
      for (;;) {
        const raw = next(message) as string;
        const value = raw === '' && def !== undefined ? def : raw;
        const verdict = validate?.(value) ?? true;
        if (verdict === true) return value;
        rejected.push(verdict);
      }
    },
    password: async ({ message }) => next(message) as string,
    select: async ({ message, choices }) => {
      const value = next(message) as string;
      if (!choices.some((c) => c.value === value)) throw new Error(`"${value}" is not a choice of "${message}"`);
      return value as never;
    },
    search: async ({ message, source }) => {
      const value = next(message) as string;
      if (!source(value).some((c) => c.value === value)) throw new Error(`"${value}" is not found by "${message}"`);
      return value as never;
    },
    confirm: async ({ message }) => next(message) as boolean,
  };
  return { prompts, asked, rejected, remaining: answers };
}

const walkAllSteps = [
  'Bad_Name', 'kafka-oss-sink', // basic: the first name is rejected inline, the second accepted
  'alikafka_post-cn-abc123',
  'payments', 'earliest', '12', // source
  'my-bucket', 'LTAI4GG2RGAjppjK0000', 'WbGPVb5rrecVw3SQvEPw6R', // target
  '', '', 'fail', 'auto', false, // runtime: the instance's VPC/VSwitch, no custom names
];

describe('the create wizard', () => {
  it('walks all five steps, goes back from the preview to change a field, and submits', async () => {
    const printed: string[] = [];
    const script = scriptedPrompts([...walkAllSteps, 'edit:source', 'oss-test-input', 'latest', '6', 'submit']);
    const result = await runWizard({}, undefined, { prompts: script.prompts, lang: 'en', catalog: fakeCatalog(), print: (t) => printed.push(t) });

    expect(script.rejected).toEqual(['may contain only digits, lowercase letters and "-" (got "Bad_Name")']);
    expect(script.remaining).toEqual([]);
    expect(result?.definition).toMatchObject({
      name: 'kafka-oss-sink', sourceTopic: 'oss-test-input', offsetReset: 'latest', concurrency: 6,
      bucket: 'my-bucket', failurePolicy: 'fail', taskGroup: 'connect-kafka-oss-sink',
    });
    expect(result?.definition.vpcId).toBeUndefined();
    expect(result?.secret).toBe('WbGPVb5rrecVw3SQvEPw6R');
    const previews = printed.filter((t) => t.includes('Preview / submit'));
    expect(previews).toHaveLength(2);
    expect(previews[0]).toContain('payments');
    expect(previews[1]).toContain('oss-test-input');
    expect(printed.join('')).toContain('WbGP****');
    expect(printed.join('')).not.toContain('WbGPVb5rrecVw3SQvEPw6R');
  });

  it('returns nothing when cancelled from the preview', async () => {
    const script = scriptedPrompts([...walkAllSteps.slice(1), 'cancel']);
    const result = await runWizard({}, undefined, { prompts: script.prompts, lang: 'en', catalog: fakeCatalog(), print: () => {} });
    expect(result).toBeUndefined();
  });

  it('stays on the preview while the cloud rejects the definition, then submits once it is fixed', async () => {
    const printed: string[] = [];
    const catalog = fakeCatalog({ groups: [{ consumerId: 'connect-kafka-oss-sink', tags: {} }] });
    const script = scriptedPrompts([...walkAllSteps.slice(1), 'submit', 'edit:basic', 'kafka-oss-sink-2', 'alikafka_post-cn-abc123', 'submit']);
    const result = await runWizard({}, undefined, { prompts: script.prompts, lang: 'en', catalog, print: (t) => printed.push(t) });
    expect(printed.join('')).toContain('consumer group "connect-kafka-oss-sink" already exists');
    expect(result?.definition.name).toBe('kafka-oss-sink-2');
  });

  it('asks in Chinese with --lang zh and skips the secret prompt when the secret was given', async () => {
    const script = scriptedPrompts([...walkAllSteps.slice(1, 7), ...walkAllSteps.slice(8), 'submit']);
    const result = await runWizard({}, 'FromEnvSecret123', { prompts: script.prompts, lang: 'zh', catalog: fakeCatalog(), print: () => {} });
    expect(script.asked[0]).toBe('Connector名称');
    expect(script.asked).toContain('数据源Topic');
    expect(script.asked).not.toContain('AccessKey Secret');
    expect(result?.secret).toBe('FromEnvSecret123');
  });

  it('asks for the source topic as validated text when the instance has no topic to list', async () => {
    const printed: string[] = [];
    const script = scriptedPrompts([...walkAllSteps.slice(1, 3), 'no_topic!', 'payments', ...walkAllSteps.slice(4), 'submit', 'cancel']);
    const result = await runWizard({}, undefined, { prompts: script.prompts, lang: 'en', catalog: fakeCatalog({ topics: [] }), print: (t) => printed.push(t) });
    expect(script.rejected).toEqual(['may contain only letters, digits, "_", "-" and "." (got "no_topic!")']);
    expect(printed.join('')).toContain('--source-topic (Source topic): must be an existing topic of instance alikafka_post-cn-abc123 (got "payments")');
    expect(result).toBeUndefined();
  });
});
