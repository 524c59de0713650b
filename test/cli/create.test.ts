import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/definition/fields.js';
import { runCli } from '../support/cli.js';

const SECRET = 'WbGPVb5rrecVw3SQvEPw6R0000';

const kafkaOss = (args: string[], opts: { cwd: string; stdin?: string; env?: Record<string, string> }) =>
  runCli(args, { cwd: opts.cwd, env: { CI: 'true', KAFKA_OSS_ACCESS_KEY_SECRET: '', ...opts.env }, ...(opts.stdin ? { stdin: opts.stdin } : {}) });

const allFlags = [
  '--name', 'kafka-oss-sink', '--instance-id', 'alikafka_post-cn-abc123',
  '--source-topic', 'oss-test-input', '--offset-reset', 'earliest', '--concurrency', '12',
  '--bucket', 'my-bucket', '--access-key-id', 'LTAI4GG2RGAjppjK0000',
  '--vpc-id', 'vpc-main', '--vswitch-id', 'vsw-main', '--failure-policy', 'fail', '--resources', 'manual',
  '--connector-group', 'connect-cluster-kafka-oss-sink', '--offset-topic', 'connect-offset-kafka-oss-sink',
  '--config-topic', 'connect-config-kafka-oss-sink', '--status-topic', 'connect-status-kafka-oss-sink',
  '--error-topic', 'connect-error-kafka-oss-sink', '--dead-letter-topic', 'connect-error-dlq',
  '--offline',
];

const workdir = () => mkdtemp(join(tmpdir(), 'kafka-oss-create-'));

describe('kafka-oss create (scripted)', () => {
  it('lists a flag for every field of the definition, grouped by step', async () => {
    const { stdout, code } = await kafkaOss(['create', '--help'], { cwd: await workdir() });
    expect(code).toBe(0);
    for (const field of FIELDS) expect(stdout).toContain(field.flag);
    const order = ['Basic info:', 'Source:', 'Target:', 'Runtime:', 'Preview / submit:'].map((h) => stdout.indexOf(h));
    expect(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1]!))).toBe(true);
    expect(stdout).toContain('--access-key-secret-stdin');
    expect(stdout).toContain('--from-file');
  });

  it('writes the definition with no secret inside, prints it as JSON, and --from-file reproduces it byte for byte', async () => {
    const cwd = await workdir();
    const first = await kafkaOss(['create', '--output', 'json', ...allFlags], { cwd, env: { KAFKA_OSS_ACCESS_KEY_SECRET: SECRET } });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const file = await readFile(join(cwd, 'kafka-oss.kafka-oss-sink.json'), 'utf8');
    expect(first.stdout).toBe(file);
    expect(file).not.toContain(SECRET);
    expect(first.stdout + first.stderr).not.toContain(SECRET);
    expect(JSON.parse(file)).toMatchObject({ concurrency: 12, resources: 'manual', topics: { deadLetter: 'connect-error-dlq' } });

    const again = await kafkaOss(['create', '--output', 'json', '--offline', '--from-file', 'kafka-oss.kafka-oss-sink.json', '--out', 'copy.json'], { cwd });
    expect(again.code).toBe(0);
    expect(await readFile(join(cwd, 'copy.json'), 'utf8')).toBe(file);
  });

  it('lets flags override a definition file', async () => {
    const cwd = await workdir();
    await kafkaOss(['create', ...allFlags], { cwd });
    const changed = await kafkaOss(['create', '--output', 'json', '--offline', '--from-file', 'kafka-oss.kafka-oss-sink.json', '--concurrency', '6', '--out', 'b.json'], { cwd });
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.stdout).concurrency).toBe(6);
  });

  it('reads the secret from standard input without echoing it', async () => {
    const cwd = await workdir();
    const run = await kafkaOss(['create', '--access-key-secret-stdin', ...allFlags], { cwd, stdin: `${SECRET}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('kafka-oss.kafka-oss-sink.json');
    expect(run.stdout + run.stderr).not.toContain(SECRET);
  });

  it.each([
    [['--name', '-abc'], '--name (Connector name): must not start with "-" (got "-abc")'],
    [['--name', 'a'.repeat(49)], 'must be at most 48 characters (got 49)'],
    [['--name', 'Upper'], 'may contain only digits, lowercase letters and "-" (got "Upper")'],
    [['--name', 'with_underscore'], 'may contain only digits, lowercase letters and "-" (got "with_underscore")'],
    [['--bucket', 'bucket_test'], '--bucket (Bucket): may contain only lowercase letters, digits and "-" (got "bucket_test")'],
    [['--concurrency', '8'], '--concurrency (Consumer concurrency): must be 6 or 12 (got "8")'],
    [['--offset-reset', 'middle'], 'must be latest or earliest (got "middle")'],
    [['--vswitch-id', 'sw-1'], '--vswitch-id (VSwitch ID): must look like vsw-xxxx (got "sw-1")'],
  ])('rejects %j with exit 2 and writes nothing', async (override, message) => {
    const cwd = await workdir();
    const args = [...allFlags];
    args[args.indexOf(override[0]!) + 1] = override[1]!;
    const run = await kafkaOss(['create', ...args], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('lists every missing flag in one error when nothing may be prompted', async () => {
    const run = await kafkaOss(['create', '--offline', '--name', 'x1'], { cwd: await workdir() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing flags (nothing is prompted without a TTY, with --yes or CI=true): --instance-id (Instance), --source-topic (Source topic), --bucket (Bucket), --access-key-id (AccessKey ID)');
  });

  it('says it in Chinese with --lang zh: a bad value, every missing flag, and what it recorded', async () => {
    const bad = await kafkaOss(['create', '--offline', '--lang', 'zh', '--name', 'Bad_Name', '--bucket', 'bucket_test'], { cwd: await workdir() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kafka-oss: 共3个问题：\n/);
    expect(bad.stderr).toContain('--name（Connector名称）：只能包含数字、小写英文字母和短划线（-）（实际为 "Bad_Name"）');
    expect(bad.stderr).toContain('--bucket（Bucket名称）：只能包含小写英文字母、数字和短划线（-）（实际为 "bucket_test"）');
    expect(bad.stderr).toContain('缺少参数（无TTY、使用--yes或CI=true时不会提示输入）：--instance-id（实例）, --source-topic（数据源Topic）, --access-key-id（AccessKey ID）');
    const cwd = await workdir();
    const good = await kafkaOss(['create', '--lang', 'zh', ...allFlags.map((a) => (a === 'connect-error-dlq' ? 'dlq-topic' : a))], { cwd });
    expect(good.code).toBe(0);
    expect(good.stderr).toBe('警告：--dead-letter-topic（死信队列Topic）：建议以 connect-error- 开头（实际为 "dlq-topic"）\n');
    expect(good.stdout).toBe('Connector已保存到 kafka-oss.kafka-oss-sink.json\n下一步：kafka-oss deploy kafka-oss-sink\n');
  });

  it('refuses a definition file holding a secret, without printing it', async () => {
    const cwd = await workdir();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(cwd, 'leaky.json'), JSON.stringify({ name: 'leaky', accessKeySecret: SECRET }));
    const run = await kafkaOss(['create', '--offline', '--from-file', 'leaky.json'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must not hold secrets');
    expect(run.stderr).not.toContain(SECRET);
  });
});
