import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrokerAdmin, FcRuntime } from '../contracts.js';
import { Authenticator } from './authenticate.js';
import { resumeTriggers, type FcEnv } from './fc.js';
import { Faults } from './faults.js';
import { NonceCache } from './nonce-cache.js';
import { requestHandler } from './handle-request.js';
import { defaultLocalAccount, type LocalAccount, type LocalAccountOptions } from './local-account.js';
import { StateStore } from './state-store.js';
import { seedLogStore } from './sls-resources.js';
import { Throttle, type FlowControlAnswer } from './throttle.js';

export interface ControlPlaneOptions {
  host?: string;
  port?: number;
  dataDir: string;
  regionId?: string;
  /** The instance's edition and the other choices about the local account. */
  account?: LocalAccountOptions;
  accounts: Array<{ accessKeyId: string; accessKeySecret: string }>;
  broker: BrokerAdmin;
  fcRuntime?: FcRuntime;
  /** Minimum interval between two calls of one alikafka action by one AccessKey (default 1000 ms). */
  alikafkaIntervalMs?: number;
  /** How alikafka's flow control refuses a call that came too soon (default the gateway's Throttling.User). */
  alikafkaFlowControl?: FlowControlAnswer;
  /** Whether the account has activated EventBridge (default true); without it eventbridge triggers are refused. */
  eventBridgeActivated?: boolean;
  /** Longest wait for the next chunk of a request body before the connection is dropped (default 30 s). */
  requestIdleMs?: number;
  log?: (line: string) => void;
}

export interface ControlPlane {
  /** `host:port`, the form the official SDKs take as `endpoint` with `protocol: 'http'`. */
  readonly endpoint: string;
  /**
   * Log Service's endpoint, `log@host:port`: the SLS SDK puts the project in front (`<project>.log@host:port`),
   * which makes it the URL's user part, so the SDK reaches this port with no DNS name for the project (sls.ts).
   */
  readonly logEndpoint: string;
  readonly port: number;
  readonly account: LocalAccount;
  readonly faults: Faults;
  /** Activates EventBridge for the account, or takes it back (what the console's activation does). */
  setEventBridgeActivated(activated: boolean): void;
  close(): Promise<void>;
}

/** Starts the local alikafka, ResourceManager, VPC, FC and Log Service APIs on one port. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const account = defaultLocalAccount(options.regionId, options.account);
  const secrets = new Map(options.accounts.map((a) => [a.accessKeyId, a.accessKeySecret]));
  const faults = new Faults();
  let logEndpoint = '';
  const fcEnv: FcEnv = {
    account,
    store: new StateStore(options.dataDir),
    broker: options.broker,
    dataDir: options.dataDir,
    ...(options.fcRuntime ? { runtime: options.fcRuntime } : {}),
    eventBridge: { activated: options.eventBridgeActivated ?? true },
  };
  const handle = requestHandler({
    fcEnv,
    auth: new Authenticator((id) => secrets.get(id), new NonceCache()),
    faults,
    throttle: new Throttle(options.alikafkaIntervalMs ?? 1000, options.alikafkaFlowControl),
    log: options.log ?? (() => {}),
    bodyIdleMs: options.requestIdleMs ?? 30_000,
    logEndpoint: () => logEndpoint,
  });
  const server = createServer((req, res) => void handle(req, res));
  // A client gets 20 s for its headers (Node's default is 60 s); an idle keep-alive connection is closed after Node's 5 s.
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  seedLogStore(fcEnv.store);
  await resumeTriggers(fcEnv);
  const port = (server.address() as AddressInfo).port;
  const endpoint = `${options.host ?? '127.0.0.1'}:${port}`;
  logEndpoint = `log@${endpoint}`;
  return {
    endpoint,
    logEndpoint,
    port,
    account,
    faults,
    setEventBridgeActivated: (activated) => {
      fcEnv.eventBridge.activated = activated;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
export type { FlowControlAnswer } from './throttle.js';
export type { LocalAccountOptions, LocalEdition } from './local-account.js';
