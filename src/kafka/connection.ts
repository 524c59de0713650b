/** How to reach a Kafka cluster: what real alikafka endpoints need (SASL_SSL with a custom CA, or plaintext in a VPC). */
export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export const SASL_MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

export interface SaslCredentials {
  mechanism: SaslMechanism;
  username: string;
  /** Never logged, never part of an error message. */
  password: string;
}

export interface TlsOptions {
  /** PEM file with the CA that signed the brokers' certificates (alikafka's public endpoints ship their own). */
  caFile?: string;
  /** Skip host name verification; alikafka's certificates name the instance domain, not the IP. */
  skipHostnameCheck?: boolean;
}

export interface KafkaConnectionOptions {
  /** `host:port` list, comma separated or as an array. */
  bootstrapServers: string | string[];
  clientId?: string;
  sasl?: SaslCredentials;
  tls?: TlsOptions | boolean;
  /** Where the client's own log lines go; silent by default. */
  log?: (line: string) => void;
  /** Per-connection timeout; kept short so that a wrong address fails fast instead of hanging. */
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Bounded retries of retriable errors (kafkajs' retry.retries). */
  retries?: number;
}

/** Splits and checks `host:port[,host:port…]`; returns the problems found (empty when valid). */
export function parseBootstrapServers(value: string | string[]): { servers: string[]; problems: string[] } {
  const list = (Array.isArray(value) ? value : value.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const problems: string[] = [];
  if (list.length === 0) problems.push(`bootstrap servers: at least one host:port is required (got ${JSON.stringify(value)})`);
  for (const entry of list) {
    const match = /^(\[[0-9a-fA-F:]+\]|[^:\s]+):(\d{1,5})$/.exec(entry);
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535) {
      problems.push(`bootstrap servers: "${entry}" must be host:port with a port from 1 to 65535`);
    }
  }
  return { servers: list, problems };
}
