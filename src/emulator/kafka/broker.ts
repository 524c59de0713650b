import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { createAdmin, type KafkaBrokerAdmin } from './admin.js';
import { buildApiTable, type BrokerContext } from './apis/index.js';
import { ConnectionSet, type BrokerStats } from './connection-set.js';
import type { ConnectionLimits } from './connection.js';
import { GroupCoordinator } from './group-coordinator.js';
import type { LogFiles } from './log-files.js';
import { OffsetStore } from './offset-store.js';
import { RequestMemoryPool } from './request-memory.js';
import { SASL_MECHANISM_NAMES, type SaslMechanismName, type SaslUser } from './sasl/mechanisms.js';
import { SaslUserStore } from './sasl/user-store.js';
import { TopicStore } from './topic-store.js';

export interface KafkaBrokerOptions {
  /** Address to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  dataDir: string;
  /** Create a topic (1 partition) when a client asks for metadata of one that does not exist. Default false. */
  autoCreateTopics?: boolean;
  /** How often retention.ms / retention.bytes are applied (whole segments). Default 60 s. */
  retentionCheckIntervalMs?: number;
  /** socket.request.max.bytes: a request larger than this closes its connection. Default 100 MiB, as Kafka. */
  maxFrameBytes?: number;
  /**
   * queued.max.request.bytes: the bytes of requests read and not yet handled, across all connections; at the
   * limit the broker stops reading until memory is given back. At least maxFrameBytes; default maxFrameBytes.
   */
  queuedMaxRequestBytes?: number;
  /** connections.max.idle.ms: connections without traffic for this long are closed. Default 10 minutes, as Kafka. */
  idleTimeoutMs?: number;
  /** The file operations of the partition logs; tests inject disk faults here. Default: node:fs. */
  logFiles?: LogFiles;
  /** A second listener, SASL_PLAINTEXT (as alikafka's VPC SASL endpoint); the first stays PLAINTEXT. */
  sasl?: KafkaBrokerSaslOptions;
  log?: (line: string) => void;
}

export interface KafkaBrokerSaslOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** sasl.enabled.mechanisms; default PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
  mechanisms?: SaslMechanismName[];
  users: SaslUser[];
}

export interface KafkaBroker {
  readonly host: string;
  readonly port: number;
  /** "host:port", for kcat -b and kafkajs brokers. */
  readonly bootstrapServers: string;
  /** The SASL_PLAINTEXT listener, when one was asked for. */
  readonly sasl?: { readonly port: number; readonly bootstrapServers: string; readonly mechanisms: readonly SaslMechanismName[] };
  readonly admin: KafkaBrokerAdmin;
  stats(): BrokerStats;
  close(): Promise<void>;
}

const NODE_ID = 0;
const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 600_000;

/** Starts a single-node Kafka broker on loopback that keeps topics, offsets and records in `dataDir`. */
export async function startKafkaBroker(opts: KafkaBrokerOptions): Promise<KafkaBroker> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  const limits = connectionLimits(opts);
  const saslUsers = opts.sasl && new SaslUserStore(opts.sasl.mechanisms ?? [...SASL_MECHANISM_NAMES], opts.sasl.users);
  mkdirSync(opts.dataDir, { recursive: true });
  const topics = new TopicStore(opts.dataDir, opts.logFiles);
  const offsets = new OffsetStore(opts.dataDir);
  const groups = new GroupCoordinator(offsets, log);
  const closing = new Set<() => void>();
  const listeners = await openListeners(host, opts.port ?? 0, opts.sasl && (opts.sasl.port ?? 0)).catch((err: unknown) => {
    groups.close();
    topics.close();
    throw err;
  });
  const { port } = listeners.plain;
  const context = brokerContext({ host, port, dataDir: opts.dataDir, autoCreateTopics: opts.autoCreateTopics ?? false, log }, { topics, offsets, groups }, closing);
  const connections = new ConnectionSet(buildApiTable(), limits);
  listeners.plain.server.on('connection', (socket) => connections.accept(socket, { context }));
  let sasl: KafkaBroker['sasl'];
  if (listeners.sasl && saslUsers) {
    // the SASL listener's answers (Metadata, FindCoordinator) name its own port, as Kafka's per-listener endpoints
    const saslContext = { ...context, port: listeners.sasl.port };
    listeners.sasl.server.on('connection', (socket) => connections.accept(socket, { context: saslContext, sasl: saslUsers }));
    sasl = { port: listeners.sasl.port, bootstrapServers: `${host}:${listeners.sasl.port}`, mechanisms: saslUsers.enabled };
    log(`kafka SASL_PLAINTEXT listener on ${sasl.bootstrapServers} (${sasl.mechanisms.join(', ')})`);
  }
  const stopRetention = startRetention(topics, opts.retentionCheckIntervalMs ?? 60_000, log);
  log(`kafka broker listening on ${host}:${port}, data in ${opts.dataDir}`);

  const bootstrapServers = `${host}:${port}`;
  const close = async () => {
    stopRetention();
    for (const wake of [...closing]) wake();
    const stopped = Promise.all([listeners.plain, listeners.sasl].map((l) => l && new Promise<void>((resolve) => l.server.close(() => resolve()))));
    connections.closeAll();
    await stopped;
    groups.close();
    topics.close();
    log('kafka broker closed');
  };
  let closed: Promise<void> | undefined;
  return { host, port, bootstrapServers, ...(sasl ? { sasl } : {}), admin: createAdmin(bootstrapServers, context), stats: () => connections.stats(), close: () => (closed ??= close()) };
}

interface OpenListener {
  server: Server;
  port: number;
}

/** The plaintext listener and, when asked, the SASL one; none stays open when one cannot listen. */
async function openListeners(host: string, port: number, saslPort: number | undefined): Promise<{ plain: OpenListener; sasl?: OpenListener }> {
  const plain = createServer();
  const plainPort = await listen(plain, host, port);
  if (saslPort === undefined) return { plain: { server: plain, port: plainPort } };
  const sasl = createServer();
  try {
    return { plain: { server: plain, port: plainPort }, sasl: { server: sasl, port: await listen(sasl, host, saslPort) } };
  } catch (err) {
    await new Promise<void>((resolve) => plain.close(() => resolve()));
    throw err;
  }
}

/** What every API handler sees of the broker. `closing` collects the long polls to wake when it closes. */
function brokerContext(
  where: { host: string; port: number; dataDir: string; autoCreateTopics: boolean; log: (line: string) => void },
  state: { topics: TopicStore; offsets: OffsetStore; groups: GroupCoordinator },
  closing: Set<() => void>,
): BrokerContext {
  const { topics, offsets, groups } = state;
  return {
    nodeId: NODE_ID,
    host: where.host,
    port: where.port,
    clusterId: clusterIdOf(where.dataDir),
    topics,
    groups,
    autoCreateTopics: where.autoCreateTopics,
    deleteTopic(name) {
      topics.delete(name);
      offsets.forgetTopic(name);
      where.log(`deleted topic ${name}`);
    },
    onClosing(wake) {
      closing.add(wake);
      return () => closing.delete(wake);
    },
    log: where.log,
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** Applies retention.ms / retention.bytes every `intervalMs`; returns the function that stops it. */
function startRetention(topics: TopicStore, intervalMs: number, log: (line: string) => void): () => void {
  const timer = setInterval(() => {
    for (const r of topics.enforceRetention(Date.now())) log(`retention: deleted ${r.segments} segment(s) of ${r.topic}[${r.partition}]`);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function connectionLimits(opts: KafkaBrokerOptions): ConnectionLimits {
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const queued = opts.queuedMaxRequestBytes ?? maxFrameBytes;
  // a request the pool can never hold would wait forever
  if (queued < maxFrameBytes) throw new RangeError(`queuedMaxRequestBytes (${queued}) must be at least maxFrameBytes (${maxFrameBytes})`);
  return { maxFrameBytes, pool: new RequestMemoryPool(queued), idleTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS };
}

function clusterIdOf(dataDir: string): string {
  const path = join(dataDir, 'cluster.json');
  if (existsSync(path)) return (JSON.parse(readFileSync(path, 'utf8')) as { clusterId: string }).clusterId;
  const clusterId = randomBytes(16).toString('base64url').slice(0, 22);
  writeFileSync(path, JSON.stringify({ clusterId }));
  return clusterId;
}
