import { fcErrors, type ApiError } from './errors.js';
import type { FcAnswer, FcCall, FcEnv } from './fc-context.js';
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
  method: string;
  /** Literal segments, or `{name}` for a path parameter. */
  segments: readonly string[];
  operation: Operation;
  /** The largest request body the operation takes. */
  maxBodyBytes: number;
}

/**
 * Bodies FC takes. A code package sent through the API is a zip of at most 100 MB once Base64-encoded, and a
 * synchronous invocation's payload at most 32 MB (FC 2.0 limits, alibabacloud.com/help/zh/functioncompute/fc-2-0/
 * product-overview/limits); every other call is a small JSON document (env vars total 4 KB in the same limits).
 */
export const FC_BODY_LIMITS = { json: 1024 * 1024, code: 100 * 1024 * 1024 + 1024 * 1024, invocation: 32 * 1024 * 1024 };

function route<Pattern extends string>(
  method: string,
  pattern: Pattern,
  operation: (call: FcCall<PathParams<Pattern>>) => Promise<FcAnswer>,
  maxBodyBytes = FC_BODY_LIMITS.json,
): FcRoute {
  return { method, segments: pattern.split('/').filter(Boolean), operation: operation as Operation, maxBodyBytes };
}

const SERVICE = '/services/{serviceName}';
const FUNCTION = `${SERVICE}/functions/{functionName}` as const;
const TRIGGER = `${FUNCTION}/triggers/{triggerName}` as const;

/** Every FC 2021-04-06 operation the local cloud answers, by method and path (below /2021-04-06). */
export const FC_ROUTES: readonly FcRoute[] = [
  route('GET', '/services', listServices),
  route('POST', '/services', createService),
  route('GET', SERVICE, getService),
  route('PUT', SERVICE, updateService),
  route('DELETE', SERVICE, deleteService),
  route('GET', `${SERVICE}/functions`, listFunctions),
  route('POST', `${SERVICE}/functions`, createFunction, FC_BODY_LIMITS.code),
  route('GET', FUNCTION, getFunction),
  route('PUT', FUNCTION, updateFunction, FC_BODY_LIMITS.code),
  route('DELETE', FUNCTION, deleteFunction),
  route('POST', `${FUNCTION}/invocations`, invokeFunction, FC_BODY_LIMITS.invocation),
  route('GET', `${FUNCTION}/triggers`, listTriggers),
  route('POST', `${FUNCTION}/triggers`, createTrigger),
  route('GET', TRIGGER, getTrigger),
  route('PUT', TRIGGER, updateTrigger),
  route('DELETE', TRIGGER, deleteTrigger),
  route('GET', '/tag', getResourceTags),
  route('POST', '/tag', tagResource),
  route('PUT', '/tag', untagResource),
  route('DELETE', '/tag', untagResource),
  route('GET', '/tags', listTaggedResources),
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

/** Runs one matched FC call. */
export function runFc(
  matched: { route: FcRoute; path: Record<string, string> },
  request: { env: FcEnv; method: string; query: Record<string, string>; body: Buffer },
): Promise<FcAnswer> {
  return matched.route.operation({ ...request, path: matched.path });
}
