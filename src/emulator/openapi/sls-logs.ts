import type { FunctionLogEntry } from '../contracts.js';
import { slsErrors } from './errors.js';
import type { SlsAnswer, SlsCall } from './sls-call.js';
import { searchPredicate, type LogItem } from './sls-query.js';
import { logStoreOf } from './sls-resources.js';

/**
 * A function log line as FC ships it to the service's logstore: the fields of FC 2.0's execution logs
 * (__topic__ the service name, functionName, message, qualifier, serviceName, versionId;
 * alibabacloud.com/help/doc-detail/171396.htm), every value a string as GetLogs returns them. A line the
 * handler printed reads as the Node.js runtime prints it, `<time> <requestId> [<level>] <text>`
 * (FC 2.0 Node.js logging guide, help.aliyun.com/zh/functioncompute/fc-2-0/user-guide/log-management-4);
 * FC's own "FC Invoke Start/End RequestId: …" lines are as they are.
 */
export function logItemOf(entry: FunctionLogEntry): LogItem {
  const platform = entry.message.startsWith('FC Invoke ');
  return {
    __time__: String(Math.floor(Date.parse(entry.time) / 1000)),
    __source__: '',
    __topic__: entry.serviceName,
    serviceName: entry.serviceName,
    functionName: entry.functionName,
    qualifier: 'LATEST',
    versionId: '',
    message: platform ? entry.message : `${entry.time} ${entry.requestId} [${entry.level}] ${entry.message}`,
  };
}

function integer(call: SlsCall, name: string, fallback?: number): number {
  const text = call.query[name];
  if (text === undefined || text === '') {
    if (fallback === undefined) throw slsErrors.parameterInvalid(`${name} is required`);
    return fallback;
  }
  if (!/^-?\d+$/.test(text)) throw slsErrors.parameterInvalid(`${name}: ${JSON.stringify(text)} is not an integer`);
  return Number(text);
}

/**
 * GetLogs (GET /logstores/{logstore}?type=log): the logstore's logs with `__time__` in [from, to) (seconds; equal
 * bounds are refused), matching `topic` and the search statement `query`, in time order or reversed, `line`
 * (0–100, default 100) of them from `offset` (default 0). Headers x-log-progress (Complete: the local store has
 * every log at once) and x-log-count. Parameters and headers: the GetLogs reference and GetLogsRequest's remarks.
 */
export async function getLogs(call: SlsCall, logstore: string): Promise<SlsAnswer> {
  logStoreOf(call, logstore);
  const project = call.project!;
  const from = integer(call, 'from');
  const to = integer(call, 'to');
  if (from >= to) throw slsErrors.parameterInvalid(`from (${from}) must be before to (${to}): the range is [from, to)`);
  const line = integer(call, 'line', 100);
  const offset = integer(call, 'offset', 0);
  if (line < 0 || line > 100) throw slsErrors.parameterInvalid(`line: must be 0 to 100 (got ${line})`);
  if (offset < 0) throw slsErrors.parameterInvalid(`offset: must be ≥ 0 (got ${offset})`);
  const reverse = call.query.reverse === 'true';
  const matches = searchPredicate(call.query.query);
  const topic = call.query.topic;
  const entries = call.runtime ? await call.runtime.readLogs({ project, logstore, fromMs: from * 1000, toMs: to * 1000 }) : [];
  const items = entries.map(logItemOf).filter((item) => (!topic || item.__topic__ === topic) && matches(item));
  if (reverse) items.reverse();
  const page = items.slice(offset, offset + line);
  return { body: page, headers: { 'x-log-progress': 'Complete', 'x-log-count': String(page.length), 'x-log-processed-rows': String(items.length) } };
}
