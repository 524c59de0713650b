import { describe, expect, it } from 'vitest';
import type { ConnectorRecord } from '../../src/definition/catalog.js';
import { runWizard } from '../../src/wizard/wizard.js';
import { fakeCatalog } from '../support/fake-catalog.js';
import { scriptedPrompts, type Answer } from './scripted-prompts.js';

const INSTANCE = 'alikafka_post-cn-abc123';
const SECRET = 'WbGPVb5rrecVw3SQvEPw6R';

const basic: Answer[] = ['Bad_Name', 'kafka-oss-sink', INSTANCE]; // the first name is rejected inline, the second accepted
const source: Answer[] = ['payments', 'earliest', '12'];
const target: Answer[] = ['my-bucket', 'LTAI4GG2RGAjppjK0000', SECRET];
const runtime: Answer[] = ['', '', 'fail', 'auto', false]; // the instance's VPC/VSwitch, no custom names
const walkAllSteps = [...basic, ...source, ...target, ...runtime];

const run = (answers: Answer[], opts: { catalog?: ReturnType<typeof fakeCatalog> | undefined; lang?: 'en' | 'zh'; secret?: string; initial?: Record<string, string> } = {}) => {
  const script = scriptedPrompts(answers);
  const printed: string[] = [];
  const catalog = 'catalog' in opts ? opts.catalog : fakeCatalog();
  const result = runWizard(opts.initial ?? {}, opts.secret, {
    prompts: script.prompts, lang: opts.lang ?? 'en', ...(catalog ? { catalog, offerDeploy: true } : {}), print: (t) => printed.push(t),
  });
  return { script, printed, output: () => printed.join(''), result };
};

describe('the create wizard', () => {
  it('walks all five steps, goes back from the preview to change a field, submits and offers to deploy', async () => {
    const { script, printed, output, result } = run([...walkAllSteps, 'edit:source', 'oss-test-input', 'latest', '6', 'submit', true]);
    const done = await result;

    expect(script.rejected).toEqual(['Connector name: may contain only digits, lowercase letters and "-" (got "Bad_Name")']);
    expect(script.remaining).toEqual([]);
    expect(done?.definition).toMatchObject({
      name: 'kafka-oss-sink', sourceTopic: 'oss-test-input', offsetReset: 'latest', concurrency: 6,
      bucket: 'my-bucket', failurePolicy: 'fail', taskGroup: 'connect-kafka-oss-sink',
    });
    expect(done?.definition.vpcId).toBeUndefined();
    expect(done?.secret).toBe(SECRET);
    expect(done?.deployNow).toBe(true);
    expect(script.asked.at(-1)).toBe('Deploy now?');
    const previews = printed.filter((t) => t.includes('Preview / submit'));
    expect(previews).toHaveLength(2);
    expect(previews[0]).toContain('payments');
    expect(previews[1]).toContain('oss-test-input');
    expect(output()).toContain('WbGP****');
    expect(output()).not.toContain(SECRET);
  });

  it('returns nothing when cancelled from the preview', async () => {
    const { result } = run([...walkAllSteps.slice(1), 'cancel']);
    expect(await result).toBeUndefined();
  });

  it('offers no deploy and no live list when offline', async () => {
    const { script, result } = run(['kafka-oss-sink', INSTANCE, 'payments', 'latest', '6', 'any-bucket', 'LTAI4GG2RGAjppjK0000', SECRET, '', '', 'log', 'auto', false, 'submit'], { catalog: undefined });
    const done = await result;
    expect(done?.deployNow).toBe(false);
    expect(done?.definition.bucket).toBe('any-bucket');
    expect(script.asked).not.toContain('Deploy now?');
  });

  it('asks in Chinese with --lang zh and skips the secret prompt when the secret was given', async () => {
    const { script, result } = run([...walkAllSteps.slice(1, 8), ...walkAllSteps.slice(9), 'submit', false], { lang: 'zh', secret: 'FromEnvSecret123' });
    const done = await result;
    expect(script.asked[0]).toBe('Connector名称');
    expect(script.asked).toContain('数据源Topic');
    expect(script.asked).not.toContain('AccessKey Secret');
    expect(script.asked.at(-1)).toBe('是否立即部署？');
    expect(done?.secret).toBe('FromEnvSecret123');
    expect(done?.deployNow).toBe(false);
  });
});

describe('each answer is checked against the account as it is given (issue #12 item 8)', () => {
  const recorded: ConnectorRecord = { name: 'kafka-oss-sink', instanceId: INSTANCE, taskGroup: 'connect-kafka-oss-sink', tags: {} };

  it('refuses a name already used in the instance at the name prompt, naming the field by its label', async () => {
    const catalog = fakeCatalog({ connectors: [recorded] });
    const { script, result } = run(['kafka-oss-sink', 'orders-sink', INSTANCE, ...walkAllSteps.slice(3), 'submit', false], { catalog, initial: { instanceId: INSTANCE } });
    expect((await result)?.definition.name).toBe('orders-sink');
    expect(script.rejected).toEqual([`Connector name: must be unique in the instance; a connector named "kafka-oss-sink" already exists in ${INSTANCE}`]);
  });

  it('checks the name again once the instance is chosen, and asks it again', async () => {
    const catalog = fakeCatalog({ groups: [{ consumerId: 'connect-kafka-oss-sink', tags: {} }] });
    const { script, output, result } = run(['kafka-oss-sink', INSTANCE, 'kafka-oss-sink', 'orders-sink', ...walkAllSteps.slice(3), 'submit', false], { catalog });
    expect((await result)?.definition.name).toBe('orders-sink');
    expect(output()).toContain('Connector name: must be unique in the instance; consumer group "connect-kafka-oss-sink" already exists and belongs to no connector of that name');
    expect(script.rejected).toHaveLength(1);
    expect(script.asked.filter((m) => m === 'Connector name')).toHaveLength(3);
  });

  it('shows buckets of other regions but does not let them be chosen', async () => {
    const { script, result } = run([...walkAllSteps, 'submit', false]);
    await result;
    const buckets = script.lists.get('Bucket')!;
    expect(buckets.find((c) => c.value === 'far-bucket')).toMatchObject({ disabled: "(in oss-cn-beijing, not the instance's region)" });
    expect(buckets.find((c) => c.value === 'my-bucket')?.disabled).toBeUndefined();
  });

  it('refuses a VSwitch outside the VPC at its prompt', async () => {
    const { script, result } = run([...basic, ...source, ...target, 'vpc-main', 'vsw-other', 'vsw-second', 'log', 'auto', false, 'submit', false]);
    expect((await result)?.definition).toMatchObject({ vpcId: 'vpc-main', vSwitchId: 'vsw-second' });
    expect(script.rejected.slice(1)).toEqual(['VSwitch ID: must be in VPC vpc-main (got "vsw-other", which is in vpc-other)']);
  });

  it('refuses a VPC given without a VSwitch at the VSwitch prompt', async () => {
    // Offline there is no instance default for the VSwitch, so it can be left empty.
    const { script, result } = run(['kafka-oss-sink', INSTANCE, 'payments', 'latest', '6', 'any-bucket', 'LTAI4GG2RGAjppjK0000', SECRET, 'vpc-main', '', 'vsw-second', 'log', 'auto', false, 'submit'], { catalog: undefined });
    expect((await result)?.definition).toMatchObject({ vpcId: 'vpc-main', vSwitchId: 'vsw-second' });
    expect(script.rejected).toEqual(['VSwitch ID: is required with a VPC ID: a VSwitch of vpc-main']);
  });

  it('in manual mode refuses an internal topic that is missing or breaks its constraint, at its prompt', async () => {
    const catalog = fakeCatalog({
      topics: [
        { name: 'payments', partitionNum: 6, localTopic: false, compactTopic: false },
        { name: 'my-offset', partitionNum: 12, localTopic: true, compactTopic: true },
        { name: 'my-config', partitionNum: 2, localTopic: true, compactTopic: true },
        { name: 'my-config-1', partitionNum: 1, localTopic: true, compactTopic: true },
        { name: 'my-status', partitionNum: 3, localTopic: true, compactTopic: true },
        { name: 'my-error', partitionNum: 6, localTopic: false, compactTopic: false },
      ],
    });
    const names = ['', 'my-offset', 'my-config', 'my-config-1', 'no-such-status', 'my-status', 'my-error', ''];
    const { script, output, result } = run([...basic, ...source, ...target, '', '', 'log', 'manual', ...names, 'submit', false], { catalog });
    expect((await result)?.definition.topics).toEqual({ offset: 'my-offset', config: 'my-config-1', status: 'my-status', error: 'my-error', deadLetter: 'my-error' });
    expect(script.rejected.slice(1)).toEqual([
      'Config topic: topic "my-config" must have exactly 1 partition (has 2)',
      `Status topic: in manual mode must be an existing topic of instance ${INSTANCE} (got "no-such-status")`,
    ]);
    expect(output()).toContain('! warning: Status topic: topic "my-status" should have 6 partitions (recommended; has 3)');
  });

  it('checks everything again at Submit, naming fields by label, and stays on the preview until it passes', async () => {
    const connectors: ConnectorRecord[] = [];
    const catalog = fakeCatalog({ connectors });
    const takenMeanwhile = () => {
      connectors.push(recorded); // a colleague records the same name while the preview is shown
      return 'submit';
    };
    const { output, result } = run([...walkAllSteps, takenMeanwhile, 'edit:basic', 'orders-sink', INSTANCE, 'submit', false], { catalog });
    expect((await result)?.definition.name).toBe('orders-sink');
    expect(output()).toContain(`The cloud does not accept this definition yet:\n  - Connector name: must be unique in the instance; a connector named "kafka-oss-sink" already exists in ${INSTANCE}`);
    expect(output()).not.toContain('--name');
  });

  it('says it in Chinese with --lang zh', async () => {
    const catalog = fakeCatalog({ connectors: [recorded] });
    const { script, result } = run(['kafka-oss-sink', 'orders-sink', INSTANCE, ...walkAllSteps.slice(3), 'submit', false], { catalog, lang: 'zh', initial: { instanceId: INSTANCE } });
    await result;
    expect(script.rejected).toEqual([`Connector名称：同一实例内须保持唯一；实例 ${INSTANCE} 中已有名为 "kafka-oss-sink" 的Connector`]);
  });
});
