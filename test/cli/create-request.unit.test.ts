import { describe, expect, it } from 'vitest';
import { resolveCreateRequest } from '../../src/cli/create-flow.js';
import { parseDefinitionFile } from '../../src/definition/definition-file.js';

const complete = { name: 'orders', instanceId: 'alikafka_post-cn-1', sourceTopic: 'orders', bucket: 'orders-bucket', accessKeyId: 'LTAI5tExampleKey' };
const file = (json: object) => parseDefinitionFile(JSON.stringify(json), 'def.json');

describe('resolveCreateRequest', () => {
  it.each<[string, Parameters<typeof resolveCreateRequest>[0], string[]]>([
    ['complete flags', { flags: complete, options: {}, interactive: false }, []],
    ['the instance may come from the cloud', { flags: { ...complete, instanceId: undefined }, options: {}, interactive: false }, []],
    ['offline, the instance is missing', { flags: { ...complete, instanceId: undefined }, options: { offline: true }, interactive: false },
      ['missing flag (nothing is prompted without a TTY, with --yes or CI=true): --instance-id (Instance)']],
    ['every missing flag at once', { flags: { name: 'orders' }, options: {}, interactive: false },
      ['missing flags (nothing is prompted without a TTY, with --yes or CI=true): --source-topic (Source topic), --bucket (Bucket), --access-key-id (AccessKey ID)']],
    ['the wizard asks what is missing', { flags: { name: 'orders' }, options: {}, interactive: true }, []],
    ['a bad language', { flags: complete, options: { lang: 'fr' as 'en' }, interactive: false }, ['--lang: must be en or zh (got "fr")']],
    ['a bad value', { flags: { ...complete, concurrency: '8' }, options: {}, interactive: false }, ['--concurrency (Consumer concurrency): must be 6 or 12 (got "8")']],
    ['the file fills in, flags win', { flags: { bucket: 'other-bucket' }, file: file(complete), options: {}, interactive: false }, []],
    ['the file holds a secret', { flags: complete, file: file({ accessKeySecret: 'x' }), options: {}, interactive: false },
      ['def.json: "accessKeySecret": a definition file must not hold secrets; give the AccessKey secret through KAFKA_OSS_ACCESS_KEY_SECRET or --access-key-secret-stdin']],
  ])('%s', (_title, args, problems) => {
    expect(resolveCreateRequest(args).problems).toEqual(problems);
  });

  it('flags override the file, and the region comes from --region before the file', () => {
    const request = resolveCreateRequest({ flags: { bucket: 'other-bucket' }, file: file({ ...complete, regionId: 'cn-beijing' }), options: { region: 'cn-shanghai' }, interactive: false });
    expect(request.input).toMatchObject({ ...complete, bucket: 'other-bucket' });
    expect(request.regionId).toBe('cn-shanghai');
  });

  it.each<[string, Parameters<typeof resolveCreateRequest>[0], string[]]>([
    ['every missing flag at once', { flags: { name: 'orders' }, options: {}, interactive: false, lang: 'zh' },
      ['缺少参数（无TTY、使用--yes或CI=true时不会提示输入）：--source-topic（数据源Topic）, --bucket（Bucket名称）, --access-key-id（AccessKey ID）']],
    ['a bad value', { flags: { ...complete, concurrency: '8' }, options: {}, interactive: false, lang: 'zh' }, ['--concurrency（消费线程并发数）：取值须为 6 或 12（实际为 "8"）']],
    ['a bad value from the file, named by its key', { flags: {}, file: file({ ...complete, name: 'Bad_Name' }), options: {}, interactive: false, lang: 'zh' },
      ['def.json: "name"：只能包含数字、小写英文字母和短划线（-）（实际为 "Bad_Name"）']],
  ])('in Chinese with --lang zh: %s', (_title, args, problems) => {
    expect(resolveCreateRequest(args).problems).toEqual(problems);
  });
});
