import type { ServiceLogConfig } from '../cloud/fc.js';
import type { LogFields, LogQuery } from '../cloud/log-service.js';

/** What reading a function's logs calls of Log Service (GetLogs, one page of at most 100 logs). */
export interface LogReader {
  getLogs(query: LogQuery): Promise<LogFields[]>;
}

/** One line of the connector's function log. */
export interface FunctionLogLine {
  /** ISO 8601, to the second (Log Service's `__time__`). */
  time: string;
  /** From the line's `[level]` (the Node.js runtime's format), else error when it names an error. */
  level: string;
  requestId?: string;
  message: string;
  functionName: string;
}

/** Log Service pages GetLogs at 100 logs (GetLogsRequest.line). */
const PAGE = 100;

/**
 * The search statement for the lines wanted: every line, or those naming an error — the runtime's `[error]` lines
 * (the handler's and FC's own error output) and FC's "FC Invoke End RequestId: …, Error: …"; Log Service matches
 * words case-insensitively.
 */
export const searchFor = (errorsOnly: boolean) => (errorsOnly ? 'error' : '*');

/** A GetLogs log as a line: the runtime's `<time> <requestId> [<level>] <text>` read apart where it has that form. */
export function lineOf(fields: LogFields): FunctionLogLine {
  const message = fields.message ?? '';
  const tagged = /^\S+ (\S+) \[(\w+)\] /.exec(message);
  const requestId = tagged?.[1] ?? /RequestId: ([\w-]+)/.exec(message)?.[1];
  return {
    time: new Date(Number(fields.__time__ ?? 0) * 1000).toISOString().replace('.000Z', 'Z'),
    level: tagged?.[2]?.toLowerCase() ?? (/\bError\b/i.test(message) ? 'error' : 'info'),
    ...(requestId ? { requestId } : {}),
    message,
    functionName: fields.functionName ?? '',
  };
}

export interface LogWindow {
  logConfig: ServiceLogConfig;
  /** FC 2.0 ships a service's logs under the topic of the service's name. */
  serviceName: string;
  errorsOnly: boolean;
}

/** The newest `limit` logs written in [fromSec, toSec), oldest first (newest last). */
export async function newestLogs(reader: LogReader, window: LogWindow, fromSec: number, toSec: number, limit: number): Promise<LogFields[]> {
  const found: LogFields[] = [];
  while (found.length < limit) {
    const line = Math.min(PAGE, limit - found.length);
    const page = await reader.getLogs({ ...queryOf(window, fromSec, toSec), reverse: true, line, offset: found.length });
    found.push(...page);
    if (page.length < line) break;
  }
  return found.reverse();
}

/** Every line written in [fromSec, toSec), oldest first. */
export async function linesBetween(reader: LogReader, window: LogWindow, fromSec: number, toSec: number): Promise<LogFields[]> {
  const found: LogFields[] = [];
  for (;;) {
    const page = await reader.getLogs({ ...queryOf(window, fromSec, toSec), reverse: false, line: PAGE, offset: found.length });
    found.push(...page);
    if (page.length < PAGE) return found;
  }
}

function queryOf(window: LogWindow, from: number, to: number): Omit<LogQuery, 'line'> {
  return { project: window.logConfig.project, logstore: window.logConfig.logstore, from, to, query: searchFor(window.errorsOnly), topic: window.serviceName };
}

/**
 * `logs --follow`: the lines written since the last poll. Log Service may take a few seconds to make a log
 * searchable (GetLogs reference: real-time data within 3 s), so each poll looks back `lookbackSec` and leaves out
 * the lines it has already given.
 */
export class LogFollower {
  private cursor: number;
  private readonly given = new Map<string, number>();

  constructor(
    private readonly reader: LogReader,
    private readonly window: LogWindow,
    fromSec: number,
    private readonly lookbackSec = 10,
  ) {
    this.cursor = fromSec;
  }

  /** Marks lines as given already (those printed before following). */
  seen(lines: readonly LogFields[]): void {
    for (const fields of lines) this.remember(fields);
  }

  async poll(nowSec: number): Promise<FunctionLogLine[]> {
    const from = Math.max(0, this.cursor - this.lookbackSec);
    const fresh = (await linesBetween(this.reader, this.window, from, nowSec + 1)).filter((fields) => !this.given.has(keyOf(fields)));
    for (const fields of fresh) this.remember(fields);
    this.cursor = Math.max(this.cursor, nowSec);
    for (const [key, at] of this.given) if (at < this.cursor - this.lookbackSec) this.given.delete(key);
    return fresh.map(lineOf);
  }

  private remember(fields: LogFields): void {
    this.given.set(keyOf(fields), Number(fields.__time__ ?? 0));
  }
}

const keyOf = (fields: LogFields) => JSON.stringify(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));
