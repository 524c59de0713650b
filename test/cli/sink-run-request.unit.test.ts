import { describe, expect, it } from 'vitest';
import { resolveSinkRun, type SinkRunFlags, type SinkRunRequest } from '../../src/cli/sink-run-request.js';
import { parseDefinitionFile } from '../../src/definition/definition-file.js';

const env = { KAFKA_OSS_ACCESS_KEY_SECRET: 'secret-value-1234' };
const base: SinkRunFlags = { topic: 'orders', bucket: 'orders-bucket', accessKeyId: 'LTAI5tExampleKey', region: 'cn-hangzhou' };
const file = (json: object) => parseDefinitionFile(JSON.stringify(json), 'def.json');

describe('resolveSinkRun', () => {
  it.each<[string, Parameters<typeof resolveSinkRun>[0], Partial<SinkRunRequest>]>([
    ['group derived from the name', { name: 'orders', flags: base, env }, { groupId: 'connect-orders', errorTopic: 'connect-error-orders' }],
    ['--group wins over the name', { name: 'orders', flags: { ...base, group: 'g1' }, env }, { groupId: 'g1' }],
    ['earliest reads from the beginning', { name: 'orders', flags: { ...base, offsetReset: 'earliest' }, env }, { fromBeginning: true }],
    ['latest by default', { name: 'orders', flags: base, env }, { fromBeginning: false, concurrency: 6 }],
    ['the file gives topic, bucket, key id', { flags: { region: 'cn-hangzhou' }, file: file({ name: 'f', sourceTopic: 't1', bucket: 'b-1x', accessKeyId: 'LTAI5tFileKeyId' }), env }, { topic: 't1', bucket: 'b-1x', accessKeyId: 'LTAI5tFileKeyId', groupId: 'connect-f' }],
    ['flags override the file', { flags: { ...base }, file: file({ name: 'f', sourceTopic: 't1', bucket: 'b-1x' }), env }, { topic: 'orders', bucket: 'orders-bucket' }],
    ['the file names its error topic', { flags: base, file: file({ name: 'f', topics: { error: 'errs' } }), env }, { errorTopic: 'errs', errorTopicRequired: false }],
    ['--error-topic must exist', { name: 'orders', flags: { ...base, errorTopic: 'e1' }, env }, { errorTopic: 'e1', errorTopicRequired: true }],
    ['an OSS endpoint that names its region', { flags: { ...base, region: undefined, ossEndpoint: 'https://oss-cn-shanghai.aliyuncs.com' }, name: 'x1', env }, { ossEndpoint: 'https://oss-cn-shanghai.aliyuncs.com' }],
    ['a profile\'s endpoint and region', { flags: { ...base, region: undefined }, target: { ossEndpoint: 'http://127.0.0.1:9', regionId: 'cn-beijing' }, name: 'x1', env }, { ossEndpoint: 'http://127.0.0.1:9', region: 'cn-beijing', settings: expect.objectContaining({ naming: { prefix: 'x1/', timePath: 'none' } }) }],
  ])('%s', (_title, args, expected) => {
    const { config, problems } = resolveSinkRun(args);
    expect(problems).toEqual([]);
    expect(config).toMatchObject(expected);
  });

  it.each<[string, Parameters<typeof resolveSinkRun>[0], string]>([
    ['a bad connector name', { name: 'Bad_Name', flags: base, env }, 'name: may contain only digits, lowercase letters and "-" (got "Bad_Name")'],
    ['no group and no name', { flags: base, env }, 'name: is required to derive the group connect-<name> (or give --group)'],
    ['no topic', { name: 'n1', flags: { ...base, topic: undefined }, env }, '--topic: is required (or sourceTopic in --from-file)'],
    ['a bad bucket', { name: 'n1', flags: { ...base, bucket: 'Bad' }, env }, '--bucket: may contain only lowercase letters, digits and "-" (got "Bad")'],
    ['a bad start position', { name: 'n1', flags: { ...base, offsetReset: 'newest' }, env }, '--offset-reset: must be latest or earliest (got "newest")'],
    ['no OSS endpoint or region', { name: 'n1', flags: { ...base, region: undefined }, env }, '--oss-endpoint or --region: one is required'],
    ['an endpoint that names no region, and no region', { name: 'n1', flags: { ...base, region: undefined, ossEndpoint: 'http://127.0.0.1:9' }, env }, '--region: is required when --oss-endpoint names no region (OSS requests are signed V4); got http://127.0.0.1:9'],
    ['no secret', { name: 'n1', flags: base, env: {} }, 'KAFKA_OSS_ACCESS_KEY_SECRET: must hold the AccessKey secret'],
    ['zero records per object', { name: 'n1', flags: { ...base, maxRecords: '0' }, env }, '--max-records: must be a positive integer (got "0")'],
    ['an unknown failure policy', { name: 'n1', flags: { ...base, failurePolicy: 'drop' }, env }, '--failure-policy: must be log or fail (got "drop")'],
    ['an unknown time path', { name: 'n1', flags: { ...base, timePath: 'week' }, env }, '--time-path: must be none, day or hour (got "week")'],
    ['a file field of the wrong type', { name: 'n1', flags: base, file: file({ bucket: 7 }), env }, 'def.json: "bucket" must be a string (got 7)'],
  ])('refuses %s', (_title, args, problem) => {
    const { config, problems } = resolveSinkRun(args);
    expect(config).toBeUndefined();
    expect(problems).toContain(problem);
  });

  it('never puts the secret in a problem', () => {
    const { problems } = resolveSinkRun({ name: 'Bad_Name', flags: { bucket: 'x' }, env });
    expect(problems.join('\n')).not.toContain(env.KAFKA_OSS_ACCESS_KEY_SECRET);
  });
});
