import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrokerAdmin, FcRuntime } from '../contracts.js';
import { alikafkaActions } from './alikafka.js';
import { ApiError } from './api-error.js';
import { handleFc, resumeTriggers, type FcAnswer } from './fc.js';
import { Faults } from './faults.js';
import { defaultLocalAccount, type LocalAccount } from './local-account.js';
import { RpcParams } from './params.js';
import { resourceManagerActions } from './resourcemanager.js';
import { verifyAcs3, verifyRpcV1, type SignedRequest } from './signature.js';
import { StateStore } from './state-store.js';
import { Throttle } from './throttle.js';
import { vpcActions } from './vpc.js';

export interface ControlPlaneOptions {
  host?: string;
  port?: number;
  dataDir: string;
  regionId?: string;
  accounts: Array<{ accessKeyId: string; accessKeySecret: string }>;
  broker: BrokerAdmin;
  fcRuntime?: FcRuntime;
  /** Minimum interval between two calls of one alikafka action by one AccessKey (default 1000 ms). */
  alikafkaIntervalMs?: number;
  log?: (line: string) => void;
}

export interface ControlPlane {
  /** `host:port`, the form the official SDKs take as `endpoint` with `protocol: 'http'`. */
  readonly endpoint: string;
  readonly port: number;
  readonly account: LocalAccount;
  readonly faults: Faults;
  close(): Promise<void>;
}

const FC_PREFIX = '/2021-04-06/';
const MAX_BODY = 128 * 1024 * 1024;
const RPC_SERVICES: Record<string, { name: string; actions: Record<string, (ctx: never) => Promise<Record<string, unknown>>> }> = {
  '2019-09-16': { name: 'alikafka', actions: alikafkaActions },
  '2020-03-31': { name: 'ResourceManager', actions: resourceManagerActions },
  '2016-04-28': { name: 'Vpc', actions: vpcActions },
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'RequestTooLarge', `The request body is larger than ${MAX_BODY} bytes.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = status === 204 ? '' : Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
  res.end(payload);
}

/** The FC-flavoured answer for an authentication failure. */
function asFcError(err: ApiError): ApiError {
  if (err.envelope === 'fc') return err;
  const code = err.code === 'InvalidAccessKeyId.NotFound' ? 'InvalidAccessKeyID' : err.code === 'SignatureDoesNotMatch' ? 'SignatureNotMatch' : err.code;
  return new ApiError(err.status === 404 ? 403 : err.status === 400 && code === 'SignatureNotMatch' ? 403 : err.status, code, err.message, 'fc');
}

/** Starts the local alikafka, ResourceManager, VPC and FC APIs on one port. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const account = defaultLocalAccount(options.regionId);
  const store = new StateStore(options.dataDir);
  const secrets = new Map(options.accounts.map((a) => [a.accessKeyId, a.accessKeySecret]));
  const secretOf = (id: string) => secrets.get(id);
  const writeThrottle = new Throttle(options.alikafkaIntervalMs ?? 1000);
  const faults = new Faults();
  const log = options.log ?? (() => {});
  const fcBase = { account, store, broker: options.broker, dataDir: options.dataDir, ...(options.fcRuntime ? { runtime: options.fcRuntime } : {}) };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID().toUpperCase();
    const url = new URL(req.url ?? '/', 'http://local');
    const rawPath = (req.url ?? '/').split('?')[0] ?? '/';
    const query = Object.fromEntries(url.searchParams);
    const isFc = rawPath.startsWith(FC_PREFIX);
    let action = '';
    try {
      const body = await readBody(req);
      const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
        ? Object.fromEntries(new URLSearchParams(body.toString('utf8')))
        : {};
      const params = { ...query, ...form };
      action = (req.headers['x-acs-action'] as string | undefined) ?? params.Action ?? '';
      const signed: SignedRequest = { method: req.method ?? 'GET', rawPath, query, headers: req.headers, body };
      let accessKeyId: string;
      try {
        accessKeyId = req.headers.authorization ? verifyAcs3(signed, secretOf) : verifyRpcV1(req.method ?? 'GET', params, secretOf);
      } catch (err) {
        throw isFc && err instanceof ApiError ? asFcError(err) : err;
      }
      const fault = faults.take(action, rawPath);
      if (fault) throw new ApiError(fault.status, fault.code, `Injected fault for ${action || rawPath}.`, isFc ? 'fc' : 'pop');

      if (isFc) {
        const segments = rawPath.slice(FC_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
        const answer: FcAnswer = await handleFc({ ...fcBase, method: req.method ?? 'GET', segments, query, body });
        log(`fc ${req.method} ${rawPath} ${answer.status} ${requestId}`);
        if ('raw' in answer) send(res, answer.status, answer.raw, { ...answer.headers, 'x-fc-request-id': answer.headers['x-fc-request-id'] ?? requestId });
        else send(res, answer.status, answer.json, { 'x-fc-request-id': requestId });
        return;
      }

      const version = (req.headers['x-acs-version'] as string | undefined) ?? params.Version ?? '';
      const service = RPC_SERVICES[version];
      if (!service) throw new ApiError(400, 'InvalidVersion', `Specified parameter Version is not valid (got "${version}").`);
      const handler = service.actions[action];
      if (!handler) throw new ApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method (${service.name} ${version} ${action}).`);
      if (service.name === 'alikafka') writeThrottle.check(accessKeyId, action);
      const ctx = { params: new RpcParams(params), account, store, broker: options.broker };
      const result = await handler(ctx as never);
      log(`${service.name} ${action} 200 ${requestId}`);
      const envelope = service.name === 'alikafka' ? { Success: true, Code: 200, Message: 'operation success.' } : {};
      send(res, 200, { RequestId: requestId, ...envelope, ...result });
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(500, isFc ? 'InternalServerError' : 'InternalError', 'The request processing has failed due to some unknown error.', isFc ? 'fc' : 'pop');
      if (!(err instanceof ApiError)) log(`internal error on ${action || rawPath}: ${err instanceof Error ? err.stack : String(err)}`);
      log(`${isFc ? 'fc' : 'rpc'} ${action || rawPath} ${apiError.status} ${apiError.code} ${requestId}`);
      if (apiError.envelope === 'fc') {
        send(res, apiError.status, { ErrorCode: apiError.code, ErrorMessage: apiError.message }, { 'x-fc-request-id': requestId });
      } else if (apiError.envelope === 'alikafka-200') {
        send(res, 200, { RequestId: requestId, Success: false, Code: apiError.status, Message: apiError.message });
      } else {
        send(res, apiError.status, { RequestId: requestId, HostId: `${apiError.code.startsWith('Throttling') ? 'alikafka' : 'openapi'}.${account.regionId}.local`, Code: apiError.code, Message: apiError.message });
      }
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  await resumeTriggers(fcBase);
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `${options.host ?? '127.0.0.1'}:${port}`,
    port,
    account,
    faults,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
