import type { ServerResponse } from 'node:http';
import type { ApiError } from './errors.js';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = status === 204 ? '' : Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  res.end(payload);
}

/** An error in the shape its product answers it (see ApiError). */
export function sendError(res: ServerResponse, err: ApiError, requestId: string, regionId: string, headers: Record<string, string> = {}): void {
  if (err.envelope === 'sls') {
    sendJson(res, err.status, { errorCode: err.code, errorMessage: err.message }, { 'x-log-requestid': requestId, ...headers });
  } else if (err.envelope === 'fc') {
    sendJson(res, err.status, { ErrorCode: err.code, ErrorMessage: err.message }, { 'x-fc-request-id': requestId, ...headers });
  } else if (err.envelope === 'alikafka-200') {
    sendJson(res, 200, { RequestId: requestId, Success: false, Code: err.stringCode ? err.code : err.status, Message: err.message }, headers);
  } else {
    const host = `${err.code.startsWith('Throttling') ? 'alikafka' : 'openapi'}.${regionId}.local`;
    sendJson(res, err.status, { RequestId: requestId, HostId: host, Code: err.code, Message: err.message }, headers);
  }
}
