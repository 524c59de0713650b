import type { IncomingHttpHeaders } from 'node:http';
import { slsErrors } from './errors.js';
import type { SlsAnswer, SlsCall } from './sls-call.js';
import { getLogs } from './sls-logs.js';
import { createLogStore, createProject, getLogStore, getProject, listLogStores } from './sls-resources.js';

/*
 * Log Service (SLS 2020-12-30) on the control plane's port. The SDK addresses a project as the host
 * `<project>.<endpoint>` (@alicloud/gateway-sls getHost); the local endpoint is `log@<host>:<port>`, so that the
 * project and `log` land in the URL's user part and the connection goes to the control plane with no DNS, while
 * the Host header still names the project as Log Service reads it. Calls are told apart from the other products
 * by the x-log-apiversion header every SLS request carries (0.6.0, the request signature reference).
 */

export const SLS_API_VERSION_HEADER = 'x-log-apiversion';
/** The body limit of Log Service's common errors (PostBodyTooLarge: "must little than 10485760"). */
export const SLS_BODY_LIMIT = 10_485_760;

export const isSlsRequest = (headers: IncomingHttpHeaders) => headers[SLS_API_VERSION_HEADER] !== undefined;

/** The project a Host header names, given the endpoint the control plane gave out; undefined for the endpoint itself. */
export function projectOfHost(host: string, endpoint: string): string | undefined {
  if (host === endpoint) return undefined;
  if (host.endsWith(`.${endpoint}`)) {
    const project = host.slice(0, -endpoint.length - 1);
    if (project && !project.includes('.')) return project;
  }
  throw slsErrors.hostInvalid(host);
}

interface Route {
  action: string;
  method: string;
  path: RegExp;
  run: (call: SlsCall, match: RegExpExecArray, regionId: string) => Promise<SlsAnswer> | SlsAnswer;
}

const json = (body: unknown): SlsAnswer => ({ body });

const ROUTES: readonly Route[] = [
  { action: 'CreateProject', method: 'POST', path: /^\/$/, run: (call) => json(createProject(call)) },
  { action: 'GetProject', method: 'GET', path: /^\/$/, run: (call, _m, regionId) => json(getProject(call, regionId)) },
  { action: 'CreateLogStore', method: 'POST', path: /^\/logstores$/, run: (call) => json(createLogStore(call)) },
  { action: 'ListLogStores', method: 'GET', path: /^\/logstores$/, run: (call) => json(listLogStores(call)) },
  // GET /logstores/{logstore}?type=log is GetLogs; without type=log, GetLogStore
  { action: 'GetLogs', method: 'GET', path: /^\/logstores\/([^/]+)$/, run: (call, m) => (call.query.type === 'log' ? getLogs(call, decodeURIComponent(m[1]!)) : json(getLogStore(call, decodeURIComponent(m[1]!)))) },
];

/** The route of a call and its action name (GetLogStore for GET /logstores/{name} without type=log). */
export function matchSlsRoute(method: string, rawPath: string, query: Readonly<Record<string, string>>): { route: Route; match: RegExpExecArray; action: string } {
  for (const route of ROUTES) {
    const match = route.method === method ? route.path.exec(rawPath) : null;
    if (!match) continue;
    const action = route.action === 'GetLogs' && query.type !== 'log' ? 'GetLogStore' : route.action;
    return { route, match, action };
  }
  throw slsErrors.notFound(method, rawPath);
}

export function parseSlsBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  throw slsErrors.bodyNotJson();
}
