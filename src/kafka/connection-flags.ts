import { existsSync } from 'node:fs';
import { parseBootstrapServers, SASL_MECHANISMS, type KafkaConnectionOptions, type SaslMechanism } from './connection.js';

/** The connection flags every command that talks to Kafka shares (`--bootstrap-servers`, SASL, TLS). */
export interface ConnectionFlags {
  bootstrapServers?: string;
  saslMechanism?: string;
  saslUsername?: string;
  tls?: boolean;
  caFile?: string;
}

export const SASL_PASSWORD_ENV = 'KAFKA_OSS_SASL_PASSWORD';

/**
 * Checks the flags without touching the network. The SASL password is not a flag (it would show in the
 * process list and shell history): it comes from KAFKA_OSS_SASL_PASSWORD or, when that is unset, from `readPassword`.
 */
export function connectionFromFlags(flags: ConnectionFlags): { options?: Omit<KafkaConnectionOptions, 'sasl'> & { sasl?: { mechanism: SaslMechanism; username: string } }; problems: string[] } {
  const problems: string[] = [];
  if (!flags.bootstrapServers) problems.push('--bootstrap-servers: is required (host:port[,host:port…]), or --profile / --region to use the instance\'s endpoint');
  const servers = flags.bootstrapServers ? parseBootstrapServers(flags.bootstrapServers) : { servers: [], problems: [] };
  problems.push(...servers.problems.map((p) => p.replace(/^bootstrap servers:/, '--bootstrap-servers:')));
  let sasl: { mechanism: SaslMechanism; username: string } | undefined;
  if (flags.saslMechanism !== undefined) {
    const mechanism = flags.saslMechanism.toLowerCase() as SaslMechanism;
    if (!SASL_MECHANISMS.includes(mechanism)) problems.push(`--sasl-mechanism: must be one of ${SASL_MECHANISMS.join(', ')} (got "${flags.saslMechanism}")`);
    if (!flags.saslUsername) problems.push('--sasl-username: is required with --sasl-mechanism');
    sasl = { mechanism, username: flags.saslUsername ?? '' };
  } else if (flags.saslUsername !== undefined) {
    problems.push('--sasl-mechanism: is required with --sasl-username (plain, scram-sha-256 or scram-sha-512)');
  }
  if (flags.caFile !== undefined && !existsSync(flags.caFile)) problems.push(`--ca-file: file not found (got "${flags.caFile}")`);
  if (problems.length > 0) return { problems };
  const tls = flags.tls || flags.caFile !== undefined ? (flags.caFile ? { caFile: flags.caFile } : true) : undefined;
  return {
    options: { bootstrapServers: servers.servers, ...(tls ? { tls } : {}), ...(sasl ? { sasl } : {}) },
    problems,
  };
}

/** Reads the SASL password: the environment first, else stdin (first line). Never echoed. */
export async function readSaslPassword(env: NodeJS.ProcessEnv, stdin: NodeJS.ReadStream): Promise<string | undefined> {
  const fromEnv = env[SASL_PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  if (stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  return line.length > 0 ? line : undefined;
}
