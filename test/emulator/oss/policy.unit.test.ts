import { describe, expect, it } from 'vitest';
import { allowed, validatePolicy, type OssPolicy } from '../../../src/emulator/oss/policy.js';

const sinkPolicy: OssPolicy = {
  Version: '1',
  Statement: [
    { Effect: 'Allow', Action: ['oss:PutObject', 'oss:Get*', 'oss:ListObjects'], Resource: ['acs:oss:*:*:sink-bucket', 'acs:oss:*:*:sink-bucket/topics/*'] },
    { Effect: 'Deny', Action: 'oss:*', Resource: 'acs:oss:*:*:sink-bucket/topics/secret/*' },
  ],
};

describe('OSS policy evaluation', () => {
  it('allows matching actions on matching resources, wildcards included', () => {
    expect(allowed(sinkPolicy, 'oss:PutObject', 'acs:oss:*:*:sink-bucket/topics/a/0.json')).toBe(true);
    expect(allowed(sinkPolicy, 'oss:GetObject', 'acs:oss:*:*:sink-bucket/topics/a/0.json')).toBe(true);
    expect(allowed(sinkPolicy, 'oss:ListObjects', 'acs:oss:*:*:sink-bucket')).toBe(true);
    expect(allowed(sinkPolicy, 'oss:putobject', 'acs:oss:*:*:sink-bucket/topics/x')).toBe(true);
  });

  it('denies what no statement allows, and an explicit Deny wins', () => {
    expect(allowed(sinkPolicy, 'oss:DeleteObject', 'acs:oss:*:*:sink-bucket/topics/a/0.json')).toBe(false);
    expect(allowed(sinkPolicy, 'oss:PutObject', 'acs:oss:*:*:other-bucket/topics/a')).toBe(false);
    expect(allowed(sinkPolicy, 'oss:PutObject', 'acs:oss:*:*:sink-bucket/elsewhere')).toBe(false);
    expect(allowed(sinkPolicy, 'oss:PutObject', 'acs:oss:*:*:sink-bucket/topics/secret/k')).toBe(false);
    expect(allowed(undefined, 'oss:DeleteBucket', 'acs:oss:*:*:any')).toBe(true);
  });

  it('rejects a malformed policy naming the field, the rule and the value', () => {
    expect(() => validatePolicy({ Version: '2', Statement: [] })).toThrow('policy.Version must be "1"; got "2"');
    expect(() => validatePolicy({ Version: '1', Statement: [{ Effect: 'Permit', Action: 'oss:*', Resource: '*' }] }))
      .toThrow('policy.Statement[0].Effect must be "Allow" or "Deny"; got "Permit"');
    expect(() => validatePolicy({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'PutObject', Resource: '*' }] }))
      .toThrow('policy.Statement[0].Action must hold "oss:<Action>" names (wildcards allowed) or "*"; got "PutObject"');
    expect(() => validatePolicy({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:*', Resource: 'bucket/*' }] }))
      .toThrow('policy.Statement[0].Resource');
  });
});

describe('sorted key index', () => {
  it('orders keys by their UTF-8 bytes and finds insertion points', async () => {
    const { byteOrder, insertionPoint } = await import('../../../src/emulator/oss/store.js');
    // U+FF01 sorts before U+1F600 in UTF-8 bytes, though not in UTF-16 code units
    const keys = ['b', 'a', '\u{1F600}', '\uFF01', 'a/b'].sort(byteOrder);
    expect(keys).toEqual(['a', 'a/b', 'b', '\uFF01', '\u{1F600}']);
    expect(insertionPoint(keys, '')).toBe(0);
    expect(insertionPoint(keys, 'a')).toBe(1);
    expect(insertionPoint(keys, 'a/')).toBe(1);
    expect(insertionPoint(keys, 'zzz')).toBe(3);
  });
});
