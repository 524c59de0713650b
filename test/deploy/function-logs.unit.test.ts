import { describe, expect, it } from 'vitest';
import type { LogFields, LogQuery } from '../../src/cloud/log-service.js';
import { lineOf, LogFollower, newestLogs, searchFor } from '../../src/deploy/function-logs.js';

const window = { logConfig: { project: 'p', logstore: 's' }, serviceName: 'kafka-oss-x', errorsOnly: false };
const log = (time: number, message: string): LogFields => ({ __time__: String(time), __topic__: 'kafka-oss-x', functionName: 'sink', message });

/** A logstore as GetLogs pages it: [from, to), ordered by time or reversed, `line` from `offset`. */
function store(logs: LogFields[], calls: LogQuery[] = []) {
  return {
    async getLogs(q: LogQuery) {
      calls.push(q);
      const inRange = logs.filter((l) => Number(l.__time__) >= q.from && Number(l.__time__) < q.to);
      const ordered = q.reverse ? [...inRange].reverse() : inRange;
      return ordered.slice(q.offset ?? 0, (q.offset ?? 0) + q.line);
    },
  };
}

describe('function log lines', () => {
  it('reads the runtime\'s time, request id and level, and FC\'s own lines', () => {
    expect(lineOf(log(1_700_000_000, '2023-11-14T22:13:20.123Z 1-abc [error] OSS denied writing b/x'))).toEqual({
      time: '2023-11-14T22:13:20Z', level: 'error', requestId: '1-abc', message: '2023-11-14T22:13:20.123Z 1-abc [error] OSS denied writing b/x', functionName: 'sink',
    });
    expect(lineOf(log(1_700_000_000, 'FC Invoke Start RequestId: 1-abc'))).toMatchObject({ level: 'info', requestId: '1-abc' });
    expect(lineOf(log(1_700_000_000, 'FC Invoke End RequestId: 1-abc, Error: Unhandled function error'))).toMatchObject({ level: 'error' });
    expect(searchFor(true)).toBe('error');
    expect(searchFor(false)).toBe('*');
  });

  it('takes the newest lines page by page and gives them oldest first', async () => {
    const logs = Array.from({ length: 250 }, (_, i) => log(1000 + i, `line ${i}`));
    const calls: LogQuery[] = [];
    const newest = await newestLogs(store(logs, calls), window, 0, 5000, 150);
    expect(newest.map((l) => l.message)).toEqual(Array.from({ length: 150 }, (_, i) => `line ${100 + i}`));
    expect(calls.map((c) => [c.reverse, c.line, c.offset])).toEqual([[true, 100, 0], [true, 50, 100]]);
    expect(calls[0]).toMatchObject({ project: 'p', logstore: 's', topic: 'kafka-oss-x', query: '*' });
    expect(await newestLogs(store(logs), window, 1240, 5000, 150)).toHaveLength(10);
  });

  it('follows: gives each new line once, and a late line written in a second it has already read', async () => {
    const logs = [log(100, 'a'), log(101, 'b')];
    const follower = new LogFollower(store(logs), window, 101);
    follower.seen([logs[0]!]);
    expect((await follower.poll(101)).map((l) => l.message)).toEqual(['b']);
    expect(await follower.poll(102)).toEqual([]);
    logs.push(log(103, 'c'), log(101, 'late'));
    logs.sort((x, y) => Number(x.__time__) - Number(y.__time__));
    expect((await follower.poll(104)).map((l) => l.message)).toEqual(['late', 'c']);
    expect(await follower.poll(105)).toEqual([]);
  });
});
