import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './auth.js';
import type { OssServerState } from './context.js';
import { detectOperation, type Dispatch } from './detect.js';
import { injectedFault, internalError, OssApiError, ossError } from './errors.js';
import { bodyKindOf, runOperation } from './dispatch.js';
import { RequestBody } from './request-body.js';
import { sendError } from './respond.js';
import { routeOf, type Route } from './route.js';

/** One request through the server: route → authenticate → body → faults → operation, any failure answered as OSS's error envelope. */
export async function handleRequest(server: OssServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase();
  let route: Route;
  try {
    route = routeOf(req);
  } catch (err) {
    return refuseUnroutable(server, req, res, requestId, err);
  }
  const query = new Map(route.query);
  const dispatch = detectOperation(req.method ?? 'GET', route.target, query, req.headers);
  const where = describe(dispatch);
  let body = RequestBody.empty;
  try {
    const accessKeyId = authenticateRequest(server, req, route);
    body = await RequestBody.read(bodyKindOf(dispatch), req, server.store);
    await applyFaults(server, dispatch.name);
    await runOperation({ server, req, res, requestId, query, body, accessKeyId }, dispatch);
    server.log(`oss ${dispatch.name} ${where} ${res.statusCode} ${requestId}`);
  } catch (err) {
    const e = err instanceof OssApiError ? err : internalError();
    if (!(err instanceof OssApiError)) server.log(`oss internal error on ${dispatch.name}: ${err instanceof Error ? err.stack : String(err)}`);
    server.log(`oss ${dispatch.name} ${where} ${e.status} ${e.code} ${requestId}`);
    if (res.headersSent) return void res.destroy();
    const bucket = dispatch.level === 'service' ? '' : `${dispatch.bucket}.`;
    sendError({ res, requestId }, e, `${bucket}oss-${server.region}.aliyuncs.com`, req.method !== 'HEAD');
  } finally {
    await body.discard().catch(() => undefined);
  }
}

/** The signature covers headers and query only: it is checked before the body is read (Node drains what is left). */
function authenticateRequest(server: OssServerState, req: IncomingMessage, route: Route): string {
  const target = route.target;
  const names = target.level === 'service' ? {} : target.level === 'bucket' ? { bucket: target.bucket } : { bucket: target.bucket, key: target.key };
  const policy = { secretOf: (id: string) => server.keys.secretOf(id), region: server.region, allowV1: server.allowV1 };
  return authenticate({ method: req.method ?? 'GET', headers: req.headers, ...names, query: route.query }, policy);
}

async function applyFaults(server: OssServerState, action: string): Promise<void> {
  const fault = server.faults.take(action);
  if (fault?.stallMs) await new Promise((resolve) => setTimeout(resolve, fault.stallMs));
  if (fault?.status) throw injectedFault(fault.status, fault.code, action);
}

function describe(d: Dispatch): string {
  if (d.level === 'service') return '/';
  return d.level === 'bucket' ? `${d.bucket}/` : `${d.bucket}/${d.key}`;
}

/** A request whose URL cannot be decoded: answered without a bucket in the HostId. */
function refuseUnroutable(server: OssServerState, req: IncomingMessage, res: ServerResponse, requestId: string, err: unknown): void {
  const e = err instanceof OssApiError ? err : ossError('InvalidURI');
  req.resume();
  server.log(`oss - ${e.status} ${e.code} ${requestId}`);
  sendError({ res, requestId }, e, `oss-${server.region}.aliyuncs.com`, true);
}
