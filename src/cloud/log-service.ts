import SlsModule, * as S from '@alicloud/sls20201230';
import { callWithRetry, CloudApiError } from './cloud-error.js';
import { sdkClientClass } from './sdk-interop.js';
import type { CloudTarget } from './target.js';

const Client = sdkClientClass(SlsModule);

/** One log as GetLogs returns it: every field a string, `__time__` in seconds. */
export type LogFields = Readonly<Record<string, string>>;

export interface LogQuery {
  project: string;
  logstore: string;
  /** Seconds, inclusive. */
  from: number;
  /** Seconds, exclusive. */
  to: number;
  /** A search statement; `*` for every log. */
  query: string;
  topic?: string;
  /** Newest first instead of oldest first. */
  reverse?: boolean;
  /** At most 100 (GetLogs' page). */
  line: number;
  offset?: number;
}

const notFound = (err: unknown, code: string) => err instanceof CloudApiError && err.code === code;

/** Log Service (SLS 2020-12-30): the calls `logs` and the definition's live checks make, through the official SDK. */
export class LogServiceApi {
  private readonly client: InstanceType<typeof Client>;

  constructor(target: CloudTarget) {
    this.client = new Client(target.slsConfig());
  }

  /** One page of GetLogs. */
  async getLogs(q: LogQuery): Promise<LogFields[]> {
    const request = new S.GetLogsRequest({
      from: q.from, to: q.to, query: q.query, line: q.line, offset: q.offset ?? 0, reverse: q.reverse ?? false, ...(q.topic ? { topic: q.topic } : {}),
    });
    const response = await callWithRetry('Log Service GetLogs', () => this.client.getLogs(q.project, q.logstore, request));
    return (response.body ?? []).map((log) => Object.fromEntries(Object.entries(log).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));
  }

  /** Whether the project exists (GetProject; ProjectNotExist is "no"). */
  async projectExists(project: string): Promise<boolean> {
    try {
      await callWithRetry('Log Service GetProject', () => this.client.getProject(project));
      return true;
    } catch (err) {
      if (notFound(err, 'ProjectNotExist')) return false;
      throw err;
    }
  }

  /** Whether the logstore exists in the project (GetLogStore; LogStoreNotExist or ProjectNotExist is "no"). */
  async logStoreExists(project: string, logstore: string): Promise<boolean> {
    try {
      await callWithRetry('Log Service GetLogStore', () => this.client.getLogStore(project, logstore));
      return true;
    } catch (err) {
      if (notFound(err, 'LogStoreNotExist') || notFound(err, 'ProjectNotExist')) return false;
      throw err;
    }
  }
}
