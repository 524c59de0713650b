import type { ServerResponse } from 'node:http';
import type { OssApiError } from './errors.js';
import { xmlDocument, type XmlNode } from './xml.js';

interface Answerable { readonly res: ServerResponse; readonly requestId: string }

/** The headers OSS puts on every response. */
export function commonHeaders(requestId: string): Record<string, string> {
  return { 'x-oss-request-id': requestId, server: 'AliyunOSS', date: new Date().toUTCString() };
}

export function send(ctx: Answerable, status: number, body: string | Buffer = '', headers: Record<string, string | number> = {}): void {
  ctx.res.writeHead(status, { ...commonHeaders(ctx.requestId), 'content-length': Buffer.byteLength(body), ...headers });
  ctx.res.end(body);
}

export function sendXml(ctx: Answerable, root: string, body: XmlNode, headers: Record<string, string> = {}): void {
  send(ctx, 200, xmlDocument(root, body), { 'content-type': 'application/xml', ...headers });
}

/** OSS's error envelope: an XML <Error> with Code, Message, RequestId, HostId and the error's details (no body for HEAD). */
export function sendError(ctx: Answerable, error: OssApiError, hostId: string, withBody: boolean): void {
  const body = withBody ? xmlDocument('Error', { Code: error.code, Message: error.message, RequestId: ctx.requestId, HostId: hostId, ...error.extra }) : '';
  send(ctx, error.status, body, { 'content-type': 'application/xml', 'x-oss-ec': error.code });
}
