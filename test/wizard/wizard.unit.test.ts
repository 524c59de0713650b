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
const runtime: Answer[] = ['', '', 'fail', 'auto', '', false]; // the instance's VPC/VSwitch, no function logs, no custom names
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
    const { script, result } = run(['kafka-oss-sink', INSTANCE, 'payments', 'latest', '6', 'any-bucket', 'LTAI4GG2RGAjppjK0000', SECRET, '', '', 'log', 'auto', '', false, 'submit'], { catalog: undefined });
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
    const { script, result } = run([...basic, ...source, ...target, 'vpc-main', 'vsw-other', 'vsw-second', 'log', 'auto', '', false, 'submit', false]);
    expect((await result)?.definition).toMatchObject({ vpcId: 'vpc-main', vSwitchId: 'vsw-second' });
    expect(script.rejected.slice(1)).toEqual(['VSwitch ID: must be in VPC vpc-main (got "vsw-other", which is in vpc-other)']);
  });

  it('refuses a VPC given without a VSwitch at the VSwitch prompt', async () => {
    // Offline there is no instance default for the VSwitch, so it can be left empty.
    const { script, result } = run(['kafka-oss-sink', INSTANCE, 'payments', 'latest', '6', 'any-bucket', 'LTAI4GG2RGAjppjK0000', SECRET, 'vpc-main', '', 'vsw-second', 'log', 'auto', '', false, 'submit'], { catalog: undefined });
    expect((await result)?.definition).toMatchObject({ vpcId: 'vpc-main', vSwitchId: 'vsw-second' });
    expect(script.rejected).toEqual(['VSwitch ID: is required with a VPC ID: a VSwitch of vpc-main']);
  });

  it('asks where the function logs go in the Runtime step: an existing project, then a logstore of it', async () => {
    const logs = ['no-project', 'fc-logs', '', 'no-store', 'sink-logs'];
    const { script, result } = run([...basic, ...source, ...target, '', '', 'log', 'auto', ...logs, false, 'submit', false]);
    expect((await result)?.definition).toMatchObject({ logProject: 'fc-logs', logStore: 'sink-logs' });
    expect(script.asked).toEqual(expect.arrayContaining(['Log Service project', 'Logstore']));
    expect(script.rejected.slice(-3)).toEqual([
      'Log Service project: must be an existing Log Service project of the region (got "no-project")',
      'Logstore: is required with a Log Service project: a logstore of fc-logs',
      'Logstore: must be an existing logstore of project fc-logs (got "no-store")',
    ]);
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
    const { script, output, result } = run([...basic, ...source, ...target, '', '', 'log', 'manual', '', ...names, 'submit', false], { catalog });
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

describe('what the account lacks, the wizard offers to create (issue #12 item 6)', () => {
  const noTopics = () => fakeCatalog({ topics: [], buckets: [] });

  it('says the instance has no topic and the region no bucket, and creates both with the console\'s defaults', async () => {
    const catalog = noTopics();
    const { output, result } = run([
      ...basic,
      '', 'orders', '', '', 'latest', '6', // create topic (the default entry): name, description, partitions
      '', 'Orders_Bucket', 'orders-bucket', 'LTAI4GG2RGAjppjK0000', SECRET, // create bucket: a bad name first
      ...runtime, 'submit', false,
    ], { catalog });
    const done = await result;
    expect(output()).toContain(`Instance ${INSTANCE} has no topic to export from yet.`);
    expect(output()).toContain('The account has no OSS bucket in region cn-hangzhou yet.');
    expect(catalog.created).toEqual([
      { kind: 'topic', topic: { instanceId: INSTANCE, topic: 'orders', remark: 'source-of-kafka-oss-sink', partitionNum: 12 } },
      { kind: 'bucket', name: 'orders-bucket' },
    ]);
    expect(output()).toContain(`Created topic orders in ${INSTANCE} (partitions: 12).`);
    expect(done?.definition).toMatchObject({ sourceTopic: 'orders', bucket: 'orders-bucket' });
  });

  it('ends a non-empty list with "create", and refuses a name already taken or a bad description or partition count', async () => {
    const catalog = fakeCatalog();
    const { script, result } = run([
      ...basic, ':create', 'payments', 'fresh-topic', 'a.b', 'fresh_remark', '0', '6', 'latest', '6',
      ...target, ...runtime, 'submit', false,
    ], { catalog });
    expect((await result)?.definition.sourceTopic).toBe('fresh-topic');
    expect(script.lists.get('Source topic')?.at(-1)).toMatchObject({ value: ':create', name: '+ Create a new topic' });
    expect(script.rejected.slice(1)).toEqual([
      `Topic name: must be a new topic name; instance ${INSTANCE} already has a topic "payments"`,
      'Description (CreateTopic requires one): must be 3–64 characters of letters, digits, "_" and "-" (got "a.b")',
      'Partitions: must be a whole number from 1 to 360 (got "0")',
    ]);
    expect(catalog.created).toEqual([{ kind: 'topic', topic: { instanceId: INSTANCE, topic: 'fresh-topic', remark: 'fresh_remark', partitionNum: 6 } }]);
  });

  it('shows a refused creation and lets the user pick again', async () => {
    const catalog = fakeCatalog({ buckets: [] });
    catalog.createBucket = async () => {
      throw new Error('OSS PutBucket failed: BucketAlreadyExists: The requested bucket name is not available.');
    };
    const { output, result } = run([...basic, ...source, ':create', 'taken-elsewhere', ':list-again', ':create', 'taken-again'], { catalog });
    await expect(result).rejects.toThrow(/no scripted answer for "Bucket"/);
    expect(output()).toContain('Could not create taken-elsewhere: OSS PutBucket failed: BucketAlreadyExists');
  });
});

describe('the secret is probed against the bucket at once (issue #12 item 7)', () => {
  const deniedUnless = (good: string) => (_bucket: string, _id: string, secret: string) =>
    secret === good ? { ok: true as const } : { ok: false as const, refusal: 'bad-credentials' as const, action: 'PutObject', detail: 'SignatureDoesNotMatch' };

  it('refuses a wrong secret at its prompt and takes the right one, probing under the connector\'s prefix', async () => {
    const catalog = fakeCatalog({ probe: deniedUnless(SECRET) });
    const { script, output, result } = run([...basic, ...source, 'my-bucket', 'LTAI4GG2RGAjppjK0000', 'WrongSecret000', SECRET, ...runtime, 'submit', true], { catalog });
    expect((await result)?.secret).toBe(SECRET);
    expect(script.rejected.slice(1)).toEqual([
      'AccessKey Secret: OSS refused this AccessKey: check the AccessKey ID and that the secret belongs to it. Type the secret again, or press Enter on an empty line to change the AccessKey ID.',
    ]);
    expect(catalog.probes).toEqual([
      { bucket: 'my-bucket', accessKeyId: 'LTAI4GG2RGAjppjK0000', objectPrefix: 'kafka-oss-sink/' },
      { bucket: 'my-bucket', accessKeyId: 'LTAI4GG2RGAjppjK0000', objectPrefix: 'kafka-oss-sink/' },
    ]);
    expect(output()).not.toContain('WrongSecret000');
  });

  it('shows the minimal policy when the key may not write, and goes back to the AccessKey ID on an empty answer', async () => {
    const catalog = fakeCatalog({
      probe: (_b, id) => (id === 'LTAIwriter00000' ? { ok: true } : { ok: false, refusal: 'access-denied', action: 'PutObject', detail: 'AccessDenied' }),
    });
    const { script, result } = run([...basic, ...source, 'my-bucket', 'LTAIreader00000', SECRET, '', 'LTAIwriter00000', SECRET, ...runtime, 'submit', false], { catalog });
    expect((await result)?.definition.accessKeyId).toBe('LTAIwriter00000');
    expect(script.rejected.slice(1)).toEqual([
      'AccessKey Secret: OSS denied PutObject on bucket my-bucket. Grant AccessKey LTAIreader00000 at least this policy (RAM → Users → Add permissions): ' +
        '{"Version":"1","Statement":[{"Action":["oss:GetObject","oss:PutObject"],"Resource":"*","Effect":"Allow"}]} ' +
        'Type the secret again, or press Enter on an empty line to change the AccessKey ID.',
    ]);
    expect(script.asked.filter((m) => m === 'AccessKey ID')).toHaveLength(2);
  });

  it('an empty secret is refused until a probe has been', async () => {
    const { script, result } = run([...basic, ...source, 'my-bucket', 'LTAI4GG2RGAjppjK0000', '', SECRET, ...runtime, 'submit', false]);
    await result;
    expect(script.rejected.slice(1)).toEqual(['AccessKey Secret: is required']);
  });

  it('probes a secret from the environment at the AccessKey ID prompt', async () => {
    const catalog = fakeCatalog({ probe: deniedUnless('FromEnvSecret123') });
    const wrong = run([...basic, ...source, 'my-bucket', 'LTAI4GG2RGAjppjK0000'], { catalog, secret: 'WrongEnvSecret1' });
    await expect(wrong.result).rejects.toThrow(/no scripted answer/);
    expect(wrong.script.rejected.slice(1)).toEqual([
      'AccessKey ID: OSS refused this AccessKey: check the AccessKey ID and that the secret belongs to it. The secret came from KAFKA_OSS_ACCESS_KEY_SECRET or standard input: fix it there, or give another AccessKey ID.',
    ]);
    const right = run([...basic, ...source, 'my-bucket', 'LTAI4GG2RGAjppjK0000', ...runtime, 'submit', false], { catalog, secret: 'FromEnvSecret123' });
    expect((await right.result)?.secret).toBe('FromEnvSecret123');
  });

  it('accepts a key that may not delete, saying the probe object was left behind; a probe that cannot run is a warning', async () => {
    const leftBehind = fakeCatalog({ probe: () => ({ ok: true, leftBehind: 'oss://my-bucket/kafka-oss-sink/.kafka-oss-probe-1' }) });
    const first = run([...walkAllSteps, 'submit', false], { catalog: leftBehind });
    await first.result;
    expect(first.output()).toContain('! warning: this AccessKey may not delete objects (the console\'s policy grants none): the probe object oss://my-bucket/kafka-oss-sink/.kafka-oss-probe-1 was left behind.');
    const unreachable = fakeCatalog({ probe: () => ({ ok: false, refusal: 'failed', action: 'PutObject', detail: 'ETIMEDOUT' }) });
    const second = run([...walkAllSteps, 'submit', false], { catalog: unreachable });
    expect((await second.result)?.secret).toBe(SECRET);
    expect(second.output()).toContain('could not check the AccessKey against bucket my-bucket (ETIMEDOUT); deploy checks it again.');
  });
});

describe('the console\'s explanations (issue #12 item 6)', () => {
  it('shows them where the console does: choices, constraints, the AccessKey and the minimal policy', async () => {
    const { script, output, result } = run([...basic, ...source, ...target, '', '', 'log', 'auto', '', true, '', '', '', '', '', '', 'submit', false]);
    await result;
    const failure = script.lists.get('Failure policy')!;
    expect(failure.find((c) => c.value === 'fail')?.description).toContain('Stop consuming the partition that had the error');
    expect(failure.find((c) => c.value === 'log')?.description).toContain('Keep consuming the partition that had the error');
    expect(script.lists.get('Start position')!.map((c) => c.description)).toEqual(['Start consuming from the newest offset.', 'Start consuming from the oldest offset.']);
    expect(script.lists.get('Resources')!.map((c) => c.name)).toEqual(['auto (create them)', 'manual (name existing ones)']);
    const text = output();
    expect(text).toContain('passed to the Function Compute function as environment variables');
    expect(text).toContain('never stores the secret');
    expect(text).toContain('needs at least this policy: {"Version":"1","Statement":[{"Action":["oss:GetObject","oss:PutObject"],"Resource":"*","Effect":"Allow"}]}');
    expect(text).toContain('more than 1 partition; local storage; cleanup.policy=compact');
    expect(text).toContain('exactly 1 partition; local storage; cleanup.policy=compact');
    expect(text).toContain('6 partitions recommended; local storage; cleanup.policy=compact');
    expect(text).toContain('may be the dead-letter topic too, to save topics');
  });

  it('and in Chinese, the console\'s own words', async () => {
    const { script, output, result } = run([...walkAllSteps.slice(1), 'submit', false], { lang: 'zh' });
    await result;
    expect(script.lists.get('失败处理策略')!.map((c) => c.name)).toEqual(['log（继续订阅）', 'fail（停止订阅）']);
    expect(script.lists.get('创建资源')!.map((c) => c.name)).toEqual(['auto（自动创建）', 'manual（手动创建）']);
    expect(output()).toContain('AccessKey ID和AccessKey Secret作为环境变量传递至函数计算的函数');
    expect(output()).toContain('预览/提交');
  });
});
