import { describe, expect, it } from 'vitest';
import { searchPredicate, tokens } from '../../../src/emulator/openapi/sls-query.js';
import { stringToSign } from '../../../src/emulator/openapi/sls-signature.js';

const item = { __topic__: 'svc', functionName: 'sink', message: '2026-01-01T00:00:00.000Z 1-ab [error] OSS denied writing bucket/a.json: AccessDenied' };
const matches = (query: string) => searchPredicate(query)(item);

describe('the local Log Service search statements', () => {
  it('cuts text into tokens at SLS\'s default delimiters, lower case', () => {
    expect(tokens('A,b;c=(d)[e]{f}?g@h&i<j>k/l:m "n" \'o\'\tp')).toEqual('abcdefghijklmnop'.split(''));
  });

  it('matches words full-text or in one field, phrases, prefixes, and, or, not and parentheses', () => {
    expect(matches('*')).toBe(true);
    expect(matches('')).toBe(true);
    expect(matches('error')).toBe(true);
    expect(matches('ERROR')).toBe(true);
    expect(matches('err')).toBe(false);
    expect(matches('err*')).toBe(true);
    expect(matches('"denied writing"')).toBe(true);
    expect(matches('"writing denied"')).toBe(false);
    expect(matches('functionName: sink')).toBe(true);
    expect(matches('functionName: denied')).toBe(false);
    expect(matches('error and accessdenied')).toBe(true);
    expect(matches('error accessdenied')).toBe(true);
    expect(matches('error and missing')).toBe(false);
    expect(matches('missing or denied')).toBe(true);
    expect(matches('not missing')).toBe(true);
    expect(matches('error and not (missing or denied)')).toBe(false);
    expect(matches('(missing or denied) and __topic__: svc')).toBe(true);
  });

  it('refuses analytic statements and what it cannot read with ParameterInvalid', () => {
    expect(() => searchPredicate('* | select count(*)')).toThrow(expect.objectContaining({ code: 'ParameterInvalid', message: expect.stringContaining('analytic') }));
    expect(() => searchPredicate('(error')).toThrow(expect.objectContaining({ code: 'ParameterInvalid', message: expect.stringContaining('not closed') }));
    expect(() => searchPredicate('error and')).toThrow(expect.objectContaining({ code: 'ParameterInvalid' }));
    expect(() => searchPredicate('key:')).toThrow(expect.objectContaining({ code: 'ParameterInvalid' }));
  });
});

describe('the V1 string to sign', () => {
  it('is verb, Content-MD5, Content-Type, Date, the x-log-/x-acs- headers sorted, then the resource with its sorted query', () => {
    const signed = stringToSign({
      method: 'GET',
      rawPath: '/logstores/function-logs',
      query: { type: 'log', from: '1', to: '2', query: '*' },
      headers: { date: 'Mon, 02 Sep 2024 06:00:00 GMT', 'content-md5': '', 'x-log-signaturemethod': 'hmac-sha256', 'x-log-apiversion': '0.6.0', 'x-acs-security-token': 't', host: 'p.log@h:1' },
    });
    expect(signed).toBe('GET\n\n\nMon, 02 Sep 2024 06:00:00 GMT\nx-acs-security-token:t\nx-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha256\n/logstores/function-logs?from=1&query=*&to=2&type=log');
  });
});
