import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type KafkaConfig,
  type LogEntry,
  type PartitionMetadata,
  type Producer,
} from 'kafkajs';
import type {
  GroupConsumer,
  GroupConsumerOptions,
  KafkaDataClient,
  OutgoingMessage,
  PartitionOffsets,
  ProducedRecord,
  TopicInfo,
  TopicPartition,
} from './client.js';
import type { BrokerAddress } from './fetch/assignment.js';
import { BrokerSession } from './fetch/broker-session.js';
import { partitionKey } from './fetch/partition-state.js';
import { startFetchingConsumer } from './fetching-consumer.js';
import { parseBootstrapServers, type KafkaConnectionOptions } from './connection.js';
import { KafkaNotFoundError, KafkaRequestError, redact } from './errors.js';

const HEARTBEAT_EVERY_MS = 1_000;
/** Short, so that a member that died (kill -9) is replaced after seconds, not half a minute. */
const SESSION_TIMEOUT_MS = 10_000;

/** The kafkajs options for a connection: SASL, TLS with a custom CA, our logger, short timeouts, bounded retries. */
export function toKafkaJsConfig(options: KafkaConnectionOptions): KafkaConfig {
  const { servers, problems } = parseBootstrapServers(options.bootstrapServers);
  if (problems.length > 0) throw new KafkaRequestError(problems.join('; '));
  const secrets = [options.sasl?.password];
  const log = options.log;
  const config: KafkaConfig = {
    clientId: options.clientId ?? 'kafka-oss',
    brokers: servers,
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: { retries: options.retries ?? 5, initialRetryTime: 100, maxRetryTime: 5_000 },
    logLevel: log ? logLevel.WARN : logLevel.NOTHING,
    logCreator: () => (entry: LogEntry) => {
      if (log) log(redact(`kafka ${levelName(entry.level)} [${entry.namespace}] ${entry.log.message}`, secrets));
    },
  };
  if (options.sasl) {
    const { mechanism, username, password } = options.sasl;
    config.sasl =
      mechanism === 'plain'
        ? { mechanism, username, password }
        : mechanism === 'scram-sha-256'
          ? { mechanism, username, password }
          : { mechanism, username, password };
  }
  const ssl = tlsOptionsOf(options);
  if (ssl) config.ssl = Object.keys(ssl).length > 0 ? ssl : true;
  return config;
}

/** The TLS options of every connection (kafkajs' and the fetch path's); undefined for plaintext. */
function tlsOptionsOf(options: KafkaConnectionOptions): ConnectionOptions | undefined {
  if (!options.tls) return undefined;
  const tls = options.tls === true ? {} : options.tls;
  const ssl: ConnectionOptions = {};
  if (tls.caFile) ssl.ca = [readFileSync(tls.caFile)];
  if (tls.skipHostnameCheck) ssl.checkServerIdentity = () => undefined;
  return ssl;
}

export function createKafkaClient(options: KafkaConnectionOptions): KafkaDataClient {
  return new KafkaJsClient(options);
}

class KafkaJsClient implements KafkaDataClient {
  private readonly kafka: Kafka;
  private readonly secrets: (string | undefined)[];
  private admin: Promise<Admin> | undefined;
  private producer: Promise<Producer> | undefined;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaConnectionOptions) {
    this.kafka = new Kafka(toKafkaJsConfig(options));
    this.secrets = [options.sasl?.password];
  }

  async produce(topic: string, messages: OutgoingMessage[]): Promise<ProducedRecord[]> {
    if (messages.length === 0) return [];
    const partitions = await this.partitionMetadata(topic);
    const count = partitions.length;
    for (const message of messages) {
      const p = message.partition;
      if (p !== undefined && (!Number.isInteger(p) || p < 0 || p >= count)) {
        throw new KafkaNotFoundError(`partition ${p} is out of range for topic "${topic}": ${count === 1 ? 'it has 1 partition, 0' : `it has ${count} partitions, 0 to ${count - 1}`}`);
      }
    }
    // Partitions are chosen here (kafkajs' default partitioner) so each message's offset can be reported.
    const choose = Partitioners.DefaultPartitioner();
    const assigned = messages.map((message) => ({
      partition: message.partition ?? choose({ topic, partitionMetadata: partitions, message: { key: message.key ?? null, value: message.value } }),
      key: message.key ?? null,
      value: message.value,
      ...(message.headers ? { headers: message.headers } : {}),
      ...(message.timestamp !== undefined ? { timestamp: String(message.timestamp) } : {}),
    }));
    const producer = await this.connectedProducer();
    const metadata = await this.guard(`produce to topic "${topic}"`, () => producer.send({ topic, acks: -1, messages: assigned }));
    const baseOffsets = new Map(metadata.map((m) => [m.partition, Number(m.baseOffset ?? m.offset)]));
    const seen = new Map<number, number>();
    return assigned.map(({ partition }) => {
      const index = seen.get(partition) ?? 0;
      seen.set(partition, index + 1);
      const base = baseOffsets.get(partition);
      if (base === undefined || Number.isNaN(base)) throw new KafkaRequestError(`the broker did not acknowledge partition ${partition} of topic "${topic}"`);
      return { topic, partition, offset: base + index };
    });
  }

  async listTopics(): Promise<TopicInfo[]> {
    const admin = await this.connectedAdmin();
    const names = await this.guard('list topics', () => admin.listTopics());
    if (names.length === 0) return [];
    const { topics } = await this.guard('describe topics', () => admin.fetchTopicMetadata({ topics: names }));
    return topics.map((t) => ({ name: t.name, partitions: t.partitions.length })).sort((a, b) => a.name.localeCompare(b.name));
  }

  async describeTopic(topic: string): Promise<TopicInfo | undefined> {
    const admin = await this.connectedAdmin();
    const names = await this.guard('list topics', () => admin.listTopics());
    if (!names.includes(topic)) return undefined;
    const { topics } = await this.guard(`describe topic "${topic}"`, () => admin.fetchTopicMetadata({ topics: [topic] }));
    const found = topics.find((t) => t.name === topic);
    return found ? { name: found.name, partitions: found.partitions.length } : undefined;
  }

  async watermarks(topic: string): Promise<PartitionOffsets[]> {
    await this.requireTopic(topic);
    return this.offsetsOf(topic);
  }

  /** The watermarks of a topic known to exist (the fetch path's assignment asks for them at every placement). */
  private async offsetsOf(topic: string): Promise<PartitionOffsets[]> {
    const admin = await this.connectedAdmin();
    const offsets = await this.guard(`read the offsets of topic "${topic}"`, () => admin.fetchTopicOffsets(topic));
    return offsets
      .map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
    const admin = await this.connectedAdmin();
    const result = await this.guard(`read the offsets of group "${groupId}"`, () => admin.fetchOffsets({ groupId, topics: [topic] }));
    const offsets = new Map<number, number>();
    for (const entry of result) {
      if (entry.topic !== topic) continue;
      for (const p of entry.partitions) offsets.set(p.partition, Number(p.offset));
    }
    return offsets;
  }

  /**
   * kafkajs keeps the group membership and the commits; the records come through the fetch path
   * (fetching-consumer.ts), which reads them into reused buffers instead of kafkajs' objects per message.
   */
  async consume(options: GroupConsumerOptions): Promise<GroupConsumer> {
    for (const topic of options.topics) await this.requireTopic(topic);
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: SESSION_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_EVERY_MS,
      // kafkajs fetches nothing (its topics stay paused); its idle loop heartbeats at this pace
      maxWaitTimeInMs: 100,
    });
    this.consumers.add(consumer);
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) options.onCrash?.(new KafkaRequestError(this.clean(`consumer stopped: ${event.payload.error.message}`)));
    });
    const started = await this.guard(`join group "${options.groupId}"`, () =>
      startFetchingConsumer(
        {
          consumer,
          cluster: { committedOffsets: (g, t) => this.committedOffsets(g, t), watermarks: (t) => this.offsetsOf(t), leaders: (topics) => this.leaders(topics) },
          openSession: (broker) => this.openSession(broker),
          requestTimeoutMs: this.options.requestTimeoutMs ?? 30_000,
          onFatal: (error) => options.onCrash?.(new KafkaRequestError(this.clean(`consumer stopped: ${error.message}`))),
          log: (line) => this.options.log?.(this.clean(`kafka ${line}`)),
        },
        options,
      ),
    );
    return {
      ...started,
      commit: (topic, partition, offset) => this.guard(`commit offset ${offset} of ${topic}[${partition}]`, () => started.commit(topic, partition, offset)),
      stop: async () => {
        this.consumers.delete(consumer);
        await started.stop();
      },
    };
  }

  /** The leader of every partition of the topics, with the broker's address as the cluster advertises it. */
  private async leaders(topics: string[]): Promise<Map<string, BrokerAddress>> {
    const admin = await this.connectedAdmin();
    const [{ brokers }, { topics: metadata }] = await Promise.all([
      this.guard('describe the cluster', () => admin.describeCluster()),
      this.guard(`describe topics ${topics.join(', ')}`, () => admin.fetchTopicMetadata({ topics })),
    ]);
    const addresses = new Map(brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
    const leaders = new Map<string, BrokerAddress>();
    for (const topic of metadata) {
      for (const p of topic.partitions) {
        const address = addresses.get(p.leader);
        if (address) leaders.set(partitionKey(topic.name, p.partitionId), address);
      }
    }
    return leaders;
  }

  private openSession(broker: BrokerAddress): Promise<BrokerSession> {
    const tls = tlsOptionsOf(this.options);
    const sni = tls && isIP(broker.host) === 0 ? { servername: broker.host } : {};
    return BrokerSession.open({
      host: broker.host,
      port: broker.port,
      clientId: this.options.clientId ?? 'kafka-oss',
      ...(tls ? { tls: { ...sni, ...tls } } : {}),
      ...(this.options.sasl ? { sasl: this.options.sasl } : {}),
      connectionTimeoutMs: this.options.connectionTimeoutMs ?? 5_000,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 30_000,
    });
  }

  async close(): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const consumer of this.consumers) closing.push(consumer.disconnect());
    this.consumers.clear();
    if (this.producer) closing.push(this.producer.then((p) => p.disconnect()));
    if (this.admin) closing.push(this.admin.then((a) => a.disconnect()));
    this.producer = undefined;
    this.admin = undefined;
    await Promise.allSettled(closing);
  }

  private async requireTopic(topic: string): Promise<void> {
    if (!(await this.describeTopic(topic))) throw new KafkaNotFoundError(`topic "${topic}" does not exist`);
  }

  private async partitionMetadata(topic: string): Promise<PartitionMetadata[]> {
    const admin = await this.connectedAdmin();
    const names = await this.guard('list topics', () => admin.listTopics());
    if (!names.includes(topic)) throw new KafkaNotFoundError(`topic "${topic}" does not exist`);
    const { topics } = await this.guard(`describe topic "${topic}"`, () => admin.fetchTopicMetadata({ topics: [topic] }));
    const partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
    return [...partitions].sort((a, b) => a.partitionId - b.partitionId);
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = this.guard(`connect to ${this.brokers()}`, () => admin.connect()).then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ allowAutoTopicCreation: false, idempotent: false });
      this.producer = this.guard(`connect to ${this.brokers()}`, () => producer.connect()).then(() => producer);
      this.producer.catch(() => (this.producer = undefined));
    }
    return this.producer;
  }

  private brokers(): string {
    const servers = this.options.bootstrapServers;
    return Array.isArray(servers) ? servers.join(',') : servers;
  }

  /** Runs a kafkajs call; its failure becomes a KafkaRequestError that says what was being done, without secrets. */
  private async guard<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof KafkaNotFoundError || err instanceof KafkaRequestError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      if (/does not host this topic-partition|UNKNOWN_TOPIC_OR_PARTITION/i.test(message)) {
        throw new KafkaNotFoundError(this.clean(`could not ${what}: ${message}`));
      }
      // a refusal of the credentials, not of the network: say whose (kafkajs' message names the mechanism)
      if (err instanceof Error && err.name === 'KafkaJSSASLAuthenticationError' && this.options.sasl) {
        throw new KafkaRequestError(this.clean(`could not authenticate to ${this.brokers()} as SASL user "${this.options.sasl.username}": ${message}`));
      }
      throw new KafkaRequestError(this.clean(`could not ${what}: ${message}`));
    }
  }

  private clean(text: string): string {
    return redact(text, this.secrets);
  }
}

function groupByTopic(partitions: TopicPartition[]): { topic: string; partitions: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  return [...byTopic].map(([topic, list]) => ({ topic, partitions: list }));
}

function levelName(level: logLevel): string {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    default:
      return 'debug';
  }
}
