import { checkFcBody } from './api-metadata/check-fc.js';
import { FC_RULES } from './api-metadata/fc.js';
import { fcErrors, type ApiError } from './errors.js';
import { parseJsonBody, type FcAnswer, type FcCall, type FcEnv } from './fc-context.js';
import { getAccountSettings } from './fc-account.js';
import { createFunction, deleteFunction, getFunction, invokeFunction, listFunctions, updateFunction } from './fc-functions.js';
import { createService, deleteService, getService, listServices, updateService } from './fc-services.js';
import { getResourceTags, listTaggedResources, tagResource, untagResource } from './fc-tags.js';
import { createTrigger, deleteTrigger, getTrigger, listTriggers, updateTrigger } from './fc-triggers.js';

export { resumeTriggers } from './fc-triggers.js';
export type { FcAnswer, FcEnv } from './fc-context.js';

/** The FC 2021-04-06 API's path prefix. */
export const FC_PREFIX = '/2021-04-06/';

/** The names in a path pattern: '/services/{serviceName}/functions' → 'serviceName'. */
type PathParams<Pattern extends string> = Pattern extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParams<Rest> : never;

type Operation = (call: FcCall<string>) => Promise<FcAnswer>;

export interface FcRoute {
  /** The operation's name in FC's API reference (and in api-metadata/fc.ts). */
  action: string;
  method: string;
  /** Literal segments, or `{name}` for a path parameter. */
  segments: readonly string[];
  operation: Operation;
  /** The largest request body the operation takes. */
  maxBodyBytes: number;
  /** 'json' (checked against FC_RULES), or 'raw' bytes (an invocation's payload). */
  body: 'json' | 'raw';
}

/**
 * Bodies FC takes. A code package sent through the API is a zip of at most 100 MB once Base64-encoded, and a
 * synchronous invocation's payload at most 32 MB (FC 2.0 limits, alibabacloud.com/help/zh/functioncompute/fc-2-0/
 * product-overview/limits); every other call is a small JSON document (env vars total 4 KB in the same limits).
 */
export const FC_BODY_LIMITS = { json: 1024 * 1024, code: 100 * 1024 * 1024 + 1024 * 1024, invocation: 32 * 1024 * 1024 };

function route<Pattern extends string>(
  action: string,
  method: string,
  pattern: Pattern,
  operation: (call: FcCall<PathParams<Pattern>>) => Promise<FcAnswer>,
  opts: { maxBodyBytes?: number; body?: 'json' | 'raw' } = {},
): FcRoute {
  const segments = pattern.split('/').filter(Boolean);
  return { action, method, segments, operation: operation as Operation, maxBodyBytes: opts.maxBodyBytes ?? FC_BODY_LIMITS.json, body: opts.body ?? 'json' };
}

const SERVICE = '/services/{serviceName}';
const FUNCTION = `${SERVICE}/functions/{functionName}` as const;
const TRIGGER = `${FUNCTION}/triggers/{triggerName}` as const;

/** Every FC 2021-04-06 operation the local cloud answers, by method and path (below /2021-04-06). */
export const FC_ROUTES: readonly FcRoute[] = [
  route('GetAccountSettings', 'GET', '/account-settings', getAccountSettings),
  route('ListServices', 'GET', '/services', listServices),
  route('CreateService', 'POST', '/services', createService),
  route('GetService', 'GET', SERVICE, getService),
  route('UpdateService', 'PUT', SERVICE, updateService),
  route('DeleteService', 'DELETE', SERVICE, deleteService),
  route('ListFunctions', 'GET', `${SERVICE}/functions`, listFunctions),
  route('CreateFunction', 'POST', `${SERVICE}/functions`, createFunction, { maxBodyBytes: FC_BODY_LIMITS.code }),
  route('GetFunction', 'GET', FUNCTION, getFunction),
  route('UpdateFunction', 'PUT', FUNCTION, updateFunction, { maxBodyBytes: FC_BODY_LIMITS.code }),
  route('DeleteFunction', 'DELETE', FUNCTION, deleteFunction),
  route('InvokeFunction', 'POST', `${FUNCTION}/invocations`, invokeFunction, { maxBodyBytes: FC_BODY_LIMITS.invocation, body: 'raw' }),
  route('ListTriggers', 'GET', `${FUNCTION}/triggers`, listTriggers),
  route('CreateTrigger', 'POST', `${FUNCTION}/triggers`, createTrigger),
  route('GetTrigger', 'GET', TRIGGER, getTrigger),
  route('UpdateTrigger', 'PUT', TRIGGER, updateTrigger),
  route('DeleteTrigger', 'DELETE', TRIGGER, deleteTrigger),
  route('GetResourceTags', 'GET', '/tag', getResourceTags),
  route('TagResource', 'POST', '/tag', tagResource),
  // The SDK sends UntagResource as PUT, the API reference names DELETE: both are answered.
  route('UntagResource', 'PUT', '/tag', untagResource),
  route('UntagResource', 'DELETE', '/tag', untagResource),
  route('ListTaggedResources', 'GET', '/tags', listTaggedResources),
];

const isParam = (segment: string) => segment.startsWith('{');

function matches(route: FcRoute, segments: readonly string[]): boolean {
  return route.segments.length === segments.length && route.segments.every((s, i) => isParam(s) || s === segments[i]);
}

/** A request matched to its operation, with its path parameters decoded; or the error to answer. */
export type FcMatch = { route: FcRoute; path: Record<string, string> } | { error: ApiError };

function decodeSegments(rawPath: string): string[] | undefined {
  try {
    return rawPath.slice(FC_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** Matches `METHOD /2021-04-06/...` (the path still percent-encoded) against the route table. */
export function matchFcRoute(method: string, rawPath: string): FcMatch {
  const segments = decodeSegments(rawPath);
  if (!segments) return { error: fcErrors.pathNotSupported(`the path ${JSON.stringify(rawPath.slice(0, 200))} is not valid percent-encoding`) };
  const candidates = FC_ROUTES.filter((r) => matches(r, segments));
  if (candidates.length === 0) return { error: fcErrors.pathNotSupported(`the path /${segments.join('/')} is not an FC 2021-04-06 resource`) };
  const found = candidates.find((r) => r.method === method);
  if (!found) return { error: fcErrors.methodNotAllowed(method, `/${candidates[0]!.segments.join('/')}`) };
  const path: Record<string, string> = {};
  found.segments.forEach((s, i) => {
    if (isParam(s)) path[s.slice(1, -1)] = segments[i]!;
  });
  return { route: found, path };
}

/** Runs one matched FC call, its JSON body first checked against the action's published rules. */
export function runFc(
  matched: { route: FcRoute; path: Record<string, string> },
  request: { env: FcEnv; method: string; query: Record<string, string>; body: Buffer; eventBridgeTriggersEnabled: boolean },
): Promise<FcAnswer> {
  const { route } = matched;
  const json = route.body === 'json' ? parseJsonBody(request.body) : {};
  checkFcBody(Object.hasOwn(FC_RULES, route.action) ? FC_RULES[route.action] : undefined, json);
  return route.operation({ ...request, path: matched.path, json });
}
