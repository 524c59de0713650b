import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/definition/fields.js';
import { definitionToInput, resolveDefinition, type DefinitionInput } from '../../src/definition/definition.js';
import { readDefinitionFile, writeDefinitionFile } from '../../src/cli/definition-file.js';
import { serializeDefinition } from '../../src/definition/definition-file.js';
import { maskSecret } from '../../src/definition/names.js';

const complete: DefinitionInput = {
  name: 'kafka-oss-sink',
  instanceId: 'alikafka_post-cn-abc123',
  sourceTopic: 'oss-test-input',
  bucket: 'my-bucket',
  accessKeyId: 'LTAI4GG2RGAjppjK0000',
};

function errorsFor(input: DefinitionInput): string[] {
  return resolveDefinition({ ...complete, ...input }).errors;
}

describe('connector definition rules (DESIGN §2)', () => {
  it.each([
    ['-abc', 'must not start with "-"'],
    ['a'.repeat(49), 'must be at most 48 characters (got 49)'],
    ['Upper', 'may contain only digits, lowercase letters and "-"'],
    ['under_score', 'may contain only digits, lowercase letters and "-"'],
  ])('rejects the connector name %j', (name, rule) => {
    const errors = errorsFor({ name });
    expect(errors.join('\n')).toContain(`--name (Connector name): ${rule}`);
    expect(errors.join('\n')).toContain(name.length > 40 ? '49' : JSON.stringify(name));
  });

  it('accepts a 48-character name and derives every default', () => {
    const name = 'a'.repeat(48);
    const { definition, errors } = resolveDefinition({ ...complete, name });
    expect(errors).toEqual([]);
    expect(definition).toMatchObject({
      taskType: 'KAFKA2OSS',
      offsetReset: 'latest',
      concurrency: 6,
      failurePolicy: 'log',
      resources: 'auto',
      taskGroup: `connect-${name}`,
      connectorGroup: `connect-cluster-${name}`,
      topics: {
        offset: `connect-offset-${name}`,
        config: `connect-config-${name}`,
        status: `connect-status-${name}`,
        error: `connect-error-${name}`,
        deadLetter: `connect-error-${name}`,
      },
    });
  });

  it.each([
    [{ bucket: 'bucket_test' }, '--bucket (Bucket): may contain only lowercase letters, digits and "-" (got "bucket_test")'],
    [{ bucket: 'ab' }, '--bucket (Bucket): must be 3–63 characters (got 2: "ab")'],
    [{ bucket: '-bucket' }, '--bucket (Bucket): must start and end with a lowercase letter or digit (got "-bucket")'],
    [{ concurrency: '8' }, '--concurrency (Consumer concurrency): must be 6 or 12 (got "8")'],
    [{ offsetReset: 'middle' }, '--offset-reset (Start position): must be latest or earliest (got "middle")'],
    [{ failurePolicy: 'retry' }, '--failure-policy (Failure policy): must be log or fail (got "retry")'],
    [{ resources: 'magic' }, '--resources (Resources): must be auto or manual (got "magic")'],
    [{ sourceTopic: 'ab' }, '--source-topic (Source topic): must be 3–64 characters (got 2: "ab")'],
    [{ configTopic: 'bad topic!' }, '--config-topic (Config topic): may contain only letters, digits, "_", "-" and "." (got "bad topic!")'],
    [{ vpcId: 'vpc-1', vSwitchId: 'switch-1' }, '--vswitch-id (VSwitch ID): must look like vsw-xxxx (got "switch-1")'],
    [{ vpcId: 'vpc-abc' }, '--vpc-id (VPC ID): needs --vswitch-id too'],
  ])('rejects %j', (input, message) => {
    expect(errorsFor(input as DefinitionInput).join('\n')).toContain(message);
  });

  it('reports every problem at once and lists every missing field', () => {
    const result = resolveDefinition({ name: '-X', concurrency: '7' });
    expect(result.errors).toHaveLength(3);
    expect(result.missing.map((f) => f.flag)).toEqual(['--instance-id', '--source-topic', '--bucket', '--access-key-id']);
    expect(result.definition).toBeUndefined();
  });

  it('warns, without failing, when a recommended prefix is not used', () => {
    const result = resolveDefinition({ ...complete, statusTopic: 'my-status', connectorGroup: 'group-1' });
    expect(result.errors).toEqual([]);
    expect(result.warnings.join('\n')).toContain('--status-topic (Status topic): should start with "connect-status-"');
    expect(result.warnings.join('\n')).toContain('--connector-group (Connector consumer group): should start with "connect-cluster-"');
  });

  it('makes the dead-letter topic follow a custom error topic', () => {
    const { definition } = resolveDefinition({ ...complete, errorTopic: 'connect-error-shared' });
    expect(definition?.topics.deadLetter).toBe('connect-error-shared');
  });

  it('takes the function logs\' project and logstore together, each by Log Service\'s name rules, and none by default', () => {
    expect(resolveDefinition(complete).definition).not.toHaveProperty('logProject');
    expect(resolveDefinition({ ...complete, logProject: 'fc-logs', logStore: 'sink_logs-1' }).definition).toMatchObject({ logProject: 'fc-logs', logStore: 'sink_logs-1' });
    expect(errorsFor({ logProject: 'fc-logs' })).toEqual(['--log-project (Log Service project): needs --log-store too, a logstore of that project (got "fc-logs" alone)']);
    expect(errorsFor({ logStore: 'sink-logs' })).toEqual(['--log-store (Logstore): needs --log-project too, the Log Service project it is in (got "sink-logs" alone)']);
    expect(errorsFor({ logProject: 'FC_Logs', logStore: 'x' })).toEqual([
      '--log-project (Log Service project): must be a Log Service project name: 3–63 lowercase letters, digits and "-", starting and ending with a letter or digit (got "FC_Logs")',
      '--log-store (Logstore): must be a logstore name: 3–63 lowercase letters, digits, "-" and "_", starting and ending with a letter or digit (got "x")',
    ]);
    const definition = resolveDefinition({ ...complete, logProject: 'fc-logs', logStore: 'sink-logs' }).definition!;
    expect(definitionToInput(definition)).toMatchObject({ logProject: 'fc-logs', logStore: 'sink-logs' });
  });

  it('has a flag for every field, each unique', () => {
    const flags = FIELDS.map((f) => f.flag);
    expect(new Set(flags).size).toBe(flags.length);
    expect(flags).toHaveLength(19);
  });

  it('masks secrets: first four characters then ****', () => {
    expect(maskSecret('WbGPVb5rrecVw3SQvEPw6R')).toBe('WbGP****');
    expect(maskSecret('short')).toBe('****');
  });
});

describe('definition file', () => {
  it('round-trips through write and read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-spec-'));
    const { definition } = resolveDefinition({ ...complete, concurrency: '12', resources: 'manual', errorTopic: 'connect-error-x' });
    const path = join(dir, 'def.json');
    await writeDefinitionFile(path, definition!);
    const back = await readDefinitionFile(path);
    expect(back.problems).toEqual([]);
    const again = resolveDefinition(back.input);
    expect(serializeDefinition(again.definition!)).toBe(await readFile(path, 'utf8'));
    expect(definitionToInput(definition!)).toEqual(definitionToInput(again.definition!));
  });

  it('refuses secrets, unknown keys and wrong types, all at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kafka-oss-spec-'));
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ ...complete, accessKeySecret: 'WbGPVb5rrecVw3SQvEPw6R', bukcet: 'x', concurrency: true }));
    const { problems } = await readDefinitionFile(path);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toContain('"accessKeySecret": a definition file must not hold secrets');
    expect(problems.join('\n')).not.toContain('WbGPVb5rrecVw3SQvEPw6R');
    expect(problems.join('\n')).toContain('"bukcet" is not a field of a connector definition');
    expect(problems.join('\n')).toContain('"concurrency" must be a string (got true)');
  });
});
