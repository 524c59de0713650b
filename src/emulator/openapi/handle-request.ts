import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator } from './authenticate.js';
import { readBody, StalledRequest } from './body.js';
import { checkRpcParams } from './api-metadata/check-rpc.js';
import { alikafkaErrors, ApiError, fcErrors, gatewayErrors, slsErrors } from './errors.js';
import { FC_PREFIX, matchFcRoute, runFc, type FcEnv } from './fc.js';
import type { FaultRule, Faults } from './faults.js';
import { RpcParams } from './params.js';
import { sendError, sendJson } from './respond.js';
import { rpcOperation } from './rpc.js';
import { isSlsRequest, matchSlsRoute, parseSlsBody, projectOfHost, SLS_BODY_LIMIT } from './sls.js';
import { checkContentMd5 } from './sls-signature.js';
import type { Throttle } from './throttle.js';

/** What the request pipeline works with, built once per control plane. */
export interface PipelineDeps {
  fcEnv: FcEnv;
  auth: Authenticator;
  faults: Faults;
  throttle: Throttle;
  log: (line: string) => void;
  /** Longest wait for the next chunk of a request body. */
  bodyIdleMs: number;
  /** The Log Service endpoint given out (`log@host:port`, known once the server listens): Hosts are `<project>.<it>`. */
  logEndpoint: () => string;
}

/**
 * RPC calls carry a handful of short parameters (the largest the tool sends is a topic Config of a few
 * hundred bytes); 1 MiB leaves room for any form body a client could need without letting it buffer more.
 */
export const RPC_BODY_LIMIT = 1024 * 1024;

/** One request as the pipeline sees it. */
interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  method: string;
  /** The path exactly as sent, still percent-encoded. */
  rawPath: string;
  query: Record<string, string>;
  /** The RPC action (x-acs-action or Action), once known; FC's SDK sends one too. */
  action: string;
  /** Whether the body was read: an error answered before that closes the connection instead of reading it. */
  bodyRead: boolean;
}

const headerOf = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

function formOf(req: IncomingMessage, body: Buffer): Record<string, string> {
  const form = (headerOf(req, 'content-type') ?? '').startsWith('application/x-www-form-urlencoded');
  return form ? Object.fromEntries(new URLSearchParams(body.toString('utf8'))) : {};
}

const signedRequest = (call: Call) => ({ method: call.method, rawPath: call.rawPath, query: call.query, headers: call.req.headers });

/**
 * Authenticates a call: an ACS3 signature from the headers first (nothing of an unauthenticated body is
 * held), then the body of at most `maxBytes`; the older RPC signature, which may sign parameters sent in
 * the body, with the body read under the RPC bound. `refusal`, an answer known before the body is needed,
 * is given once the headers are checked.
 */
async function authenticatedBody(call: Call, deps: PipelineDeps, limit: { maxBytes: number; tooLarge: () => ApiError }, refusal?: ApiError) {
  const signer = deps.auth.fromHeaders(signedRequest(call));
  if (refusal) throw refusal;
  const maxBytes = signer ? limit.maxBytes : Math.min(limit.maxBytes, RPC_BODY_LIMIT);
  const body = await readBody(call.req, { maxBytes, tooLarge: limit.tooLarge, idleMs: deps.bodyIdleMs });
  call.bodyRead = true;
  const params = { ...call.query, ...formOf(call.req, body) };
  const accessKeyId = deps.auth.withBody(signedRequest(call), signer, params, body);
  call.action = headerOf(call.req, 'x-acs-action') ?? params.Action ?? '';
  return { body, params, accessKeyId };
}

/** FC 2021-04-06's feature gate for eventbridge triggers (fc-triggers.ts). */
const EVENTBRIDGE_TRIGGER_HEADER = 'x-fc-enable-eventbridge-trigger';

/** route → authenticate → body (bounded by the operation) → faults → operation, for FC 2021-04-06. */
async function serveFc(call: Call, deps: PipelineDeps): Promise<void> {
  const match = matchFcRoute(call.method, call.rawPath);
  const refusal = 'error' in match ? match.error : undefined;
  const maxBytes = 'route' in match ? match.route.maxBodyBytes : 0;
  const { body } = await authenticatedBody(call, deps, { maxBytes, tooLarge: () => fcErrors.entityTooLarge(maxBytes) }, refusal);
  if ('error' in match) throw match.error;
  const fault = deps.faults.take(call.action, call.rawPath);
  if (fault) throw fcErrors.injected(fault.status, fault.code, call.action || call.rawPath);
  const eventBridgeTriggersEnabled = headerOf(call.req, EVENTBRIDGE_TRIGGER_HEADER) === 'enable';
  const answer = await runFc(match, { env: deps.fcEnv, method: call.method, query: call.query, body, eventBridgeTriggersEnabled });
  deps.log(`fc ${call.method} ${call.rawPath} ${answer.status} ${call.requestId}`);
  if ('raw' in answer) sendJson(call.res, answer.status, answer.raw, { ...answer.headers, 'x-fc-request-id': answer.headers['x-fc-request-id'] ?? call.requestId });
  else sendJson(call.res, answer.status, answer.json, { 'x-fc-request-id': call.requestId });
}

const rpcFault = (fault: FaultRule, what: string) =>
  fault.successFalse
    ? alikafkaErrors.successFalse(fault.code, fault.message ?? `Injected fault for ${what}.`)
    : gatewayErrors.injected(fault.status, fault.code, what, fault.message);

/** authenticate → body → faults → product and action → published rules → flow control → action, for the RPC products. */
async function serveRpc(call: Call, deps: PipelineDeps): Promise<void> {
  const { params, accessKeyId } = await authenticatedBody(call, deps, { maxBytes: RPC_BODY_LIMIT, tooLarge: () => gatewayErrors.bodyTooLarge(RPC_BODY_LIMIT) });
  const { action } = call;
  const fault = deps.faults.take(action, call.rawPath);
  if (fault?.answer) {
    sendJson(call.res, 200, { RequestId: call.requestId, ...fault.answer });
    return;
  }
  if (fault) throw rpcFault(fault, action || call.rawPath);
  const version = headerOf(call.req, 'x-acs-version') ?? params.Version ?? '';
  const { product, run, rules } = rpcOperation(version, action);
  const rpcParams = new RpcParams(params);
  checkRpcParams(rules, rpcParams);
  if (product.flowControlled) deps.throttle.check(accessKeyId, action);
  const { account, store, broker } = deps.fcEnv;
  const result = await run({ params: rpcParams, account, store, broker });
  deps.log(`${product.name} ${action} 200 ${call.requestId}`);
  sendJson(call.res, 200, { RequestId: call.requestId, ...product.success, ...result });
}

/**
 * route → authenticate (from the headers) → project from the Host → body (bounded, its Content-MD5 checked) → faults
 * → operation, for Log Service.
 */
async function serveSls(call: Call, deps: PipelineDeps): Promise<void> {
  const { route, match, action } = matchSlsRoute(call.method, call.rawPath, call.query);
  call.action = action;
  deps.auth.fromSlsHeaders(signedRequest(call));
  const host = headerOf(call.req, 'host') ?? '';
  const project = projectOfHost(host, deps.logEndpoint());
  const body = await readBody(call.req, { maxBytes: SLS_BODY_LIMIT, tooLarge: () => slsErrors.bodyTooLarge(SLS_BODY_LIMIT), idleMs: deps.bodyIdleMs });
  call.bodyRead = true;
  checkContentMd5(call.req.headers, body);
  const fault = deps.faults.take(action, call.rawPath);
  if (fault) throw slsErrors.injected(fault.status, fault.code, action);
  const { store, runtime, account } = deps.fcEnv;
  const sls = { host, project, method: call.method, query: call.query, json: parseSlsBody(body), store, runtime };
  const answer = await route.run(sls, match, account.regionId);
  deps.log(`sls ${action} 200 ${call.requestId}`);
  const headers = { 'x-log-requestid': call.requestId, ...answer.headers };
  if (answer.body === undefined) {
    call.res.writeHead(200, headers);
    call.res.end();
  } else {
    sendJson(call.res, 200, answer.body, headers);
  }
}

type Product = 'fc' | 'rpc' | 'sls';

const internalError: Record<Product, () => ApiError> = { fc: fcErrors.internal, rpc: gatewayErrors.internal, sls: slsErrors.internal };

function answerFailure(call: Call, deps: PipelineDeps, product: Product, err: unknown): void {
  if (err instanceof StalledRequest) {
    deps.log(`${product} ${call.rawPath} dropped: ${err.message} ${call.requestId}`);
    call.req.destroy();
    return;
  }
  let apiError = err instanceof ApiError ? err : internalError[product]();
  if (product === 'fc') apiError = fcErrors.fromGateway(apiError);
  if (!(err instanceof ApiError)) deps.log(`internal error on ${call.rawPath}: ${err instanceof Error ? err.stack : String(err)}`);
  deps.log(`${product} ${call.action || call.rawPath} ${apiError.status} ${apiError.code} ${call.requestId}`);
  sendError(call.res, apiError, call.requestId, deps.fcEnv.account.regionId, call.bodyRead ? {} : { connection: 'close' });
}

/** The control plane's HTTP handler: FC calls by path, RPC calls by version and action. */
export function requestHandler(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const call: Call = {
      req,
      res,
      requestId: randomUUID().toUpperCase(),
      method: req.method ?? 'GET',
      rawPath: queryAt < 0 ? url : url.slice(0, queryAt),
      query: queryAt < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(queryAt + 1))),
      action: '',
      bodyRead: false,
    };
    const product: Product = isSlsRequest(req.headers) ? 'sls' : call.rawPath.startsWith(FC_PREFIX) ? 'fc' : 'rpc';
    try {
      await (product === 'sls' ? serveSls(call, deps) : product === 'fc' ? serveFc(call, deps) : serveRpc(call, deps));
    } catch (err) {
      answerFailure(call, deps, product, err);
    }
  };
}
