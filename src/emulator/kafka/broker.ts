import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import type { BrokerAdmin, GroupDescription, TopicDescription } from '../contracts.js';
import { buildApiTable, type BrokerContext } from './apis/index.js';
import { Connection, type ConnectionLimits } from './connection.js';
import { GroupCoordinator } from './group-coordinator.js';
import type { LogFiles } from './log-files.js';
import { OffsetStore } from './offset-store.js';
import { RequestMemoryPool } from './request-memory.js';
import { TopicError, TopicStore } from './topic-store.js';

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
  log?: (line: string) => void;
}

/** The contract's admin plus what the broker can answer cheaply in-process. */
export interface KafkaBrokerAdmin extends BrokerAdmin {
  topicExists(name: string): Promise<boolean>;
}

export interface KafkaBroker {
  readonly host: string;
  readonly port: number;
  /** "host:port", for kcat -b and kafkajs brokers. */
  readonly bootstrapServers: string;
  readonly admin: KafkaBrokerAdmin;
  /**
   * Open connections, the request bytes they hold (reserved in the queued.max.request.bytes pool) and the
   * response bytes waiting for clients to read them.
   */
  stats(): { connections: number; queuedRequestBytes: number; unsentResponseBytes: number };
  close(): Promise<void>;
}

const NODE_ID = 0;
const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;
const DEFAULT_IDLE_TIMEOUT_MS = 600_000;

/** Starts a single-node Kafka broker on loopback that keeps topics, offsets and records in `dataDir`. */
export async function startKafkaBroker(opts: KafkaBrokerOptions): Promise<KafkaBroker> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => undefined);
  mkdirSync(opts.dataDir, { recursive: true });
  const topics = new TopicStore(opts.dataDir, opts.logFiles);
  const offsets = new OffsetStore(opts.dataDir);
  const groups = new GroupCoordinator(offsets, log);
  const closingWaiters = new Set<() => void>();
  const sockets = new Set<Socket>();
  const connections = new Set<Connection>();

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const context: BrokerContext = {
    nodeId: NODE_ID,
    host,
    port,
    clusterId: clusterIdOf(opts.dataDir),
    topics,
    groups,
    autoCreateTopics: opts.autoCreateTopics ?? false,
    deleteTopic(name) {
      topics.delete(name);
      offsets.forgetTopic(name);
      log(`deleted topic ${name}`);
    },
    onClosing(wake) {
      closingWaiters.add(wake);
      return () => closingWaiters.delete(wake);
    },
    log,
  };
  const apis = buildApiTable();
  const limits = connectionLimits(opts);
  server.on('connection', (socket) => {
    sockets.add(socket);
    const connection = new Connection(socket, apis, context, limits);
    connections.add(connection);
    socket.on('close', () => {
      sockets.delete(socket);
      connections.delete(connection);
    });
  });
  const retention = setInterval(() => {
    for (const r of topics.enforceRetention(Date.now())) log(`retention: deleted ${r.segments} segment(s) of ${r.topic}[${r.partition}]`);
  }, opts.retentionCheckIntervalMs ?? 60_000);
  retention.unref();
  log(`kafka broker listening on ${host}:${port}, data in ${opts.dataDir}`);

  let closed: Promise<void> | undefined;
  const bootstrapServers = `${host}:${port}`;
  return {
    host,
    port,
    bootstrapServers,
    admin: createAdmin(bootstrapServers, context),
    stats: () => ({
      connections: connections.size,
      queuedRequestBytes: limits.pool.usedBytes,
      unsentResponseBytes: [...sockets].reduce((sum, s) => sum + s.writableLength, 0),
    }),
    close() {
      closed ??= (async () => {
        clearInterval(retention);
        for (const wake of [...closingWaiters]) wake();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const c of connections) c.close();
        for (const s of sockets) s.destroy();
        await stopped;
        groups.close();
        topics.close();
        log('kafka broker closed');
      })();
      return closed;
    },
  };
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

function createAdmin(bootstrapServers: string, broker: BrokerContext): KafkaBrokerAdmin {
  const describe = (name: string): TopicDescription | undefined => {
    const t = broker.topics.get(name);
    return t && { name: t.name, partitions: t.partitions.length, configs: { ...t.configs } };
  };
  return {
    bootstrapServers,
    async createTopic(name, { partitions, configs = {} }) {
      const problems = broker.topics.validate(name, partitions, configs);
      if (problems.length > 0) throw new TopicError(problems[0]!.code, problems.map((p) => p.message).join('; '));
      broker.topics.create(name, partitions, configs);
      broker.log(`created topic ${name} with ${partitions} partition(s)`);
    },
    async deleteTopic(name) {
      if (!broker.topics.get(name)) throw new TopicError('unknown', `topic ${JSON.stringify(name)} does not exist`);
      broker.deleteTopic(name);
    },
    async listTopics() {
      return broker.topics.list().map((t) => describe(t.name)!);
    },
    async topicExists(name) {
      return broker.topics.get(name) !== undefined;
    },
    async describeTopic(name) {
      return describe(name);
    },
    async highWatermarks(topic) {
      const t = broker.topics.get(topic);
      if (!t) throw new TopicError('unknown', `topic ${JSON.stringify(topic)} does not exist`);
      return t.partitions.map((p) => p.highWatermark);
    },
    async listGroups(): Promise<GroupDescription[]> {
      return broker.groups.list().map((g) => {
        const offsets: Record<string, Record<number, number>> = {};
        for (const [topic, partitions] of broker.groups.committed(g.groupId) ?? []) {
          offsets[topic] = Object.fromEntries([...partitions].map(([p, c]) => [p, c.offset]));
        }
        return { groupId: g.groupId, state: g.state, members: g.members.length, offsets };
      });
    },
    async deleteGroup(groupId) {
      const code = broker.groups.deleteGroup(groupId);
      if (code !== 0) throw new Error(code === 68 ? `group ${JSON.stringify(groupId)} still has members` : `group ${JSON.stringify(groupId)} does not exist`);
    },
  };
}
