import { describe, expect, it } from 'vitest';
import { objectName, partitionFolder } from '../../src/sink/naming.js';

const at = Date.UTC(2026, 10, 5, 7, 30); // 2026-11-05T07:30Z

describe('objectName', () => {
  it('is {prefix}/{topic}/{partition}/{firstOffset:020}.json without a time path', () => {
    expect(objectName({ prefix: 'exports/', timePath: 'none' }, 'orders', 2, 1234, at)).toBe('exports/orders/2/00000000000000001234.json');
    expect(objectName({ prefix: '', timePath: 'none' }, 'orders', 0, 0, at)).toBe('orders/0/00000000000000000000.json');
  });

  it('adds the UTC date (and hour) of the first record', () => {
    expect(objectName({ prefix: 'p', timePath: 'day' }, 't', 1, 7, at)).toBe('p/2026/11/05/t/1/00000000000000000007.json');
    expect(objectName({ prefix: 'p', timePath: 'hour' }, 't', 1, 7, at)).toBe('p/2026/11/05/07/t/1/00000000000000000007.json');
  });

  it('sorts by offset as text', () => {
    const names = [9, 10, 100, 99].map((o) => objectName({ prefix: '', timePath: 'none' }, 't', 0, o, at));
    expect([...names].sort()).toEqual([9, 10, 99, 100].map((o) => objectName({ prefix: '', timePath: 'none' }, 't', 0, o, at)));
  });

  it('lists a partition under partitionFolder', () => {
    expect(partitionFolder({ prefix: '/a/b/', timePath: 'none' }, 't', 4)).toBe('a/b/t/4/');
    expect(objectName({ prefix: '/a/b/', timePath: 'none' }, 't', 4, 1, at).startsWith('a/b/t/4/')).toBe(true);
  });
});
