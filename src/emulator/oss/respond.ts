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

/**
 * OSS's error envelope: an XML <Error> with Code, Message, RequestId, HostId, the error's details and, where known,
 * its EC and RecommendDoc (no body for HEAD); the EC also goes in the `x-oss-ec` header.
 */
export function sendError(ctx: Answerable, error: OssApiError, hostId: string, withBody: boolean): void {
  const ec = error.ec ? { EC: error.ec, RecommendDoc: `https://api.aliyun.com/troubleshoot?q=${error.ec}` } : {};
  const body = withBody ? xmlDocument('Error', { Code: error.code, Message: error.message, RequestId: ctx.requestId, HostId: hostId, ...error.extra, ...ec }) : '';
  send(ctx, error.status, body, { 'content-type': 'application/xml', ...(error.ec ? { 'x-oss-ec': error.ec } : {}) });
}
