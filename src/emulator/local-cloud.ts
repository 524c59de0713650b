import { join, resolve } from 'node:path';
import type { KafkaBroker } from './kafka/index.js';
import type { OssServer } from './oss/index.js';
import type { ControlPlane, LocalAccountOptions } from './openapi/index.js';
import type { LocalFcRuntime } from './fc-runtime/index.js';
import { localAccessKey, type LocalAccessKey } from './local-credentials.js';
import { privateDir } from './private-files.js';

export interface LocalCloudOptions {
  dataDir: string;
  /** Address every part listens on; default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port; default 9092. */
  kafkaPort?: number;
  /** 0 picks a free port; default 9000. */
  ossPort?: number;
  /** 0 picks a free port; default 9100. */
  apiPort?: number;
  regionId?: string;
  /** Minimum interval between two calls of one alikafka action (default 1000 ms, as the service allows). */
  alikafkaIntervalMs?: number;
  autoCreateTopics?: boolean;
  /**
   * A SASL_PLAINTEXT listener beside the plaintext one, as an alikafka instance's SASL endpoint, with one user.
   * Without `password` one is made and kept in the data directory (local-sasl-user.ts).
   */
  kafkaSasl?: { port?: number; username: string; password?: string };
  /** The Kafka instance's edition and the other choices about the local account (default: Professional Edition). */
  account?: LocalAccountOptions;
  /** The OSS server also accepts signature V1 (refused by default, as OSS does for new accounts and buckets). */
  ossAllowV1?: boolean;
  /** How long a Kafka trigger's event stream takes to start (default 0); FC reads triggerEnable false until then. */
  eventStreamStartDelayMs?: number;
  /** Whether the account has activated EventBridge (default true); without it FC refuses eventbridge triggers. */
  eventBridgeActivated?: boolean;
  /** Fault mode of the local EventBridge: batches re-formed on replay, commits inside batches (fc-runtime/stream-boundaries.ts). */
  reformBatchesOnReplay?: boolean;
  log?: (line: string) => void;
}

/** What `kafka-oss local up --output json` prints: each part adds its endpoints once it is running. */
export interface LocalCloudDescription {
  regionId: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  kafka?: { bootstrapServers: string; sasl?: LocalKafkaSaslDescription };
  oss?: { endpoint: string };
  /** `logEndpoint`: Log Service's, as its SDK takes it (`log@host:port`, see openapi/sls.ts). */
  api?: { endpoint: string; logEndpoint?: string };
  dataDir: string;
  [part: string]: unknown;
}

/** The SASL listener of the local broker; the password is never part of it (`passwordFile` holds a generated one). */
export interface LocalKafkaSaslDescription {
  bootstrapServers: string;
  securityProtocol: 'SASL_PLAINTEXT';
  mechanisms: string[];
  username: string;
  passwordFile?: string;
}

/**
 * The mechanisms of alikafka's SASL endpoints: PLAIN and SCRAM-SHA-256 ("Endpoints and protocols",
 * help.aliyun.com/…/apsaramq-for-kafka/…/comparison-among-endpoints).
 */
const ALIKAFKA_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256'] as const;

/** Handles of the running parts, filled in start order, so a later part can use an earlier one. */
export interface LocalCloudHandles {
  kafka?: KafkaBroker;
  oss?: OssServer;
  fcRuntime?: LocalFcRuntime;
  api?: ControlPlane;
}

export interface LocalCloud extends LocalCloudHandles {
  accessKey: LocalAccessKey;
  description: LocalCloudDescription;
  /** Stops the parts in reverse start order. */
  close(): Promise<void>;
}

interface PartContext {
  options: LocalCloudOptions & { host: string; dataDir: string; regionId: string };
  handles: LocalCloudHandles;
  /** The local account's AccessKey, the same across restarts of one data directory. */
  key: LocalAccessKey;
}

interface StartedPart {
  /** Merged into the description, e.g. { kafka: { bootstrapServers } }. */
  description: Record<string, unknown>;
  close(): Promise<void>;
}

interface Part {
  name: string;
  start(ctx: PartContext): Promise<StartedPart>;
}

const kafkaPart: Part = {
  name: 'kafka',
  async start({ options, handles }) {
    const { startKafkaBroker } = await import('./kafka/index.js');
    const sasl = options.kafkaSasl && (await saslUserOf(options.dataDir, options.kafkaSasl));
    const broker = await startKafkaBroker({
      host: options.host,
      port: options.kafkaPort ?? 9092,
      dataDir: join(options.dataDir, 'kafka'),
      autoCreateTopics: options.autoCreateTopics ?? false,
      ...(sasl ? { sasl: { port: options.kafkaSasl?.port ?? 9094, mechanisms: [...ALIKAFKA_SASL_MECHANISMS], users: [sasl.user] } } : {}),
      log: options.log,
    });
    handles.kafka = broker;
    const saslDescription: LocalKafkaSaslDescription | undefined = broker.sasl && {
      bootstrapServers: broker.sasl.bootstrapServers,
      securityProtocol: 'SASL_PLAINTEXT',
      mechanisms: [...broker.sasl.mechanisms],
      username: sasl!.user.username,
      ...(sasl!.passwordFile ? { passwordFile: sasl!.passwordFile } : {}),
    };
    return { description: { kafka: { bootstrapServers: broker.bootstrapServers, ...(saslDescription ? { sasl: saslDescription } : {}) } }, close: () => broker.close() };
  },
};

/** The local SASL user: the password given, or the one kept (made on first start) in the data directory. */
async function saslUserOf(dataDir: string, sasl: NonNullable<LocalCloudOptions['kafkaSasl']>) {
  if (sasl.password !== undefined) return { user: { username: sasl.username, password: sasl.password } };
  const { localSaslPassword } = await import('./local-sasl-user.js');
  const kept = await localSaslPassword(dataDir, sasl.username);
  return { user: { username: sasl.username, password: kept.password }, passwordFile: kept.file };
}

const ossPart: Part = {
  name: 'oss',
  async start({ options, handles, key }) {
    const { startOssServer } = await import('./oss/index.js');
    const server = await startOssServer({
      host: options.host,
      port: options.ossPort ?? 9000,
      dataDir: join(options.dataDir, 'oss'),
      region: options.regionId,
      accessKeys: [{ id: key.accessKeyId, secret: key.accessKeySecret }],
      allowV1: options.ossAllowV1 ?? false,
      ...(options.log ? { log: options.log } : {}),
    });
    handles.oss = server;
    return { description: { oss: { endpoint: server.endpoint } }, close: () => server.close() };
  },
};

const controlPlanePart: Part = {
  name: 'api',
  async start({ options, handles, key }) {
    const { createFcRuntime } = await import('./fc-runtime/index.js');
    const { startControlPlane } = await import('./openapi/index.js');
    const { defaultLocalAccount } = await import('./openapi/local-account.js');
    const accountId = defaultLocalAccount(options.regionId, options.account).accountId;
    if (!handles.kafka) throw new Error('the control plane needs the Kafka broker, which did not start');
    const runtime = createFcRuntime({
      dataDir: join(options.dataDir, 'fc'),
      regionId: options.regionId,
      accountId,
      ...(options.eventStreamStartDelayMs !== undefined ? { eventStreamStartDelayMs: options.eventStreamStartDelayMs } : {}),
      ...(options.reformBatchesOnReplay ? { reformBatchesOnReplay: true } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    handles.fcRuntime = runtime;
    const api = await startControlPlane({
      host: options.host,
      port: options.apiPort ?? 9100,
      dataDir: join(options.dataDir, 'control-plane'),
      regionId: options.regionId,
      ...(options.account ? { account: options.account } : {}),
      accounts: [key],
      broker: handles.kafka.admin,
      fcRuntime: runtime,
      ...(options.alikafkaIntervalMs !== undefined ? { alikafkaIntervalMs: options.alikafkaIntervalMs } : {}),
      ...(options.eventBridgeActivated !== undefined ? { eventBridgeActivated: options.eventBridgeActivated } : {}),
      ...(options.log ? { log: options.log } : {}),
    }).catch(async (err: unknown) => {
      await runtime.close();
      throw err;
    });
    handles.api = api;
    return {
      description: { api: { endpoint: api.endpoint, logEndpoint: api.logEndpoint }, edition: api.account.instance.edition },
      close: async () => {
        await api.close();
        await runtime.close();
      },
    };
  },
};

/** The parts of the local cloud, started in this order (the control plane drives the broker). */
const PARTS: Part[] = [kafkaPart, ossPart, controlPlanePart];

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const dataDir = resolve(opts.dataDir);
  // The data directory holds the local AccessKey and, in control-plane/, deployed functions' secrets.
  await privateDir(dataDir);
  const options = { ...opts, dataDir, host: opts.host ?? '127.0.0.1', regionId: opts.regionId ?? 'cn-hangzhou' };
  const handles: LocalCloudHandles = {};
  const key = await localAccessKey(dataDir);
  const description: LocalCloudDescription = { regionId: options.regionId, accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, dataDir };
  const started: StartedPart[] = [];
  const closeAll = async () => {
    for (const part of started.splice(0).reverse()) await part.close().catch(() => undefined);
  };
  try {
    for (const part of PARTS) {
      const running = await part.start({ options, handles, key });
      started.push(running);
      Object.assign(description, running.description);
    }
  } catch (err) {
    await closeAll();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    ...handles,
    accessKey: key,
    description,
    close: () => (closing ??= closeAll()),
  };
}
