import type { GlobalOptions } from './global-options.js';
import type { LocalUpOptions } from './local.js';
import { LOCAL_PROFILE } from './local.js';
import { KafkaOssError, UsageError } from '../errors.js';
import { SEEDED_LOGSTORE } from '../emulator/openapi/sls-resources.js';
import type { LocalKafkaSaslDescription } from '../emulator/local-cloud.js';

/** `kafka-oss local up`: checks the flags, starts the local cloud, saves the profile, runs until a signal. */
export async function runLocalUp(opts: LocalUpOptions & GlobalOptions): Promise<void> {
  const ports = checkedPorts(opts);
  if (opts.saveProfile) await refuseSecondLocalCloud();
  const cloud = await startOrExplain(opts, ports);
  if (opts.saveProfile) {
    const { saveProfile } = await import('../cloud/profile-store.js');
    const { localCloudProfile } = await import('./local-profile.js');
    await saveProfile(LOCAL_PROFILE, localCloudProfile(cloud));
    cloud.description.profile = LOCAL_PROFILE;
  }
  printDescription(cloud.description, opts.output === 'json');
  await untilSignalled();
  await cloud.close();
}

type Ports = { kafkaPort: number; ossPort: number; apiPort: number; saslPort?: number };

/** The local broker's SASL password, when the user picks it (never a flag: it would show in the process list). */
export const LOCAL_SASL_PASSWORD_ENV = 'KAFKA_OSS_LOCAL_SASL_PASSWORD';
const DEFAULT_SASL_USER = 'local';

const EDITIONS = ['professional', 'standard'] as const;
type Edition = (typeof EDITIONS)[number];
const isEdition = (value: string): value is Edition => (EDITIONS as readonly string[]).includes(value);

function checkedPorts(opts: LocalUpOptions): Ports {
  const kafkaPort = parsePort('--kafka-port', opts.kafkaPort);
  const ossPort = parsePort('--oss-port', opts.ossPort);
  const apiPort = parsePort('--api-port', opts.apiPort);
  const saslPort = opts.saslPort === undefined ? undefined : parsePort('--sasl-port', opts.saslPort);
  const problems = [kafkaPort, ossPort, apiPort, ...(saslPort ? [saslPort] : [])].flatMap((p) => (p.problem ? [p.problem] : []));
  if (opts.saslUser !== undefined && !saslPort) problems.push('--sasl-user needs --sasl-port (the SASL listener it is a user of)');
  if (opts.saslUser?.trim() === '') problems.push('--sasl-user must be a name, got ""');
  if (opts.host.trim() === '') problems.push('--host must be an address to listen on, got ""');
  if (opts.dataDir.trim() === '') problems.push('--data-dir must be a directory path, got ""');
  if (!isEdition(opts.edition)) problems.push(`--edition must be ${EDITIONS.join(' or ')}, got ${JSON.stringify(opts.edition)}`);
  if (problems.length > 0) throw new UsageError(problems);
  return { kafkaPort: kafkaPort.value, ossPort: ossPort.value, apiPort: apiPort.value, ...(saslPort ? { saslPort: saslPort.value } : {}) };
}

/** Starts the cloud; a port in use or a foreign address is explained, and a data directory this run made is removed. */
async function startOrExplain(opts: LocalUpOptions & GlobalOptions, ports: Ports) {
  const { existsSync } = await import('node:fs');
  const dataDirExisted = existsSync(opts.dataDir);
  const { startLocalCloud } = await import('../emulator/local-cloud.js');
  const log = process.env.KAFKA_OSS_DEBUG ? (line: string) => process.stderr.write(`[local] ${line}\n`) : undefined;
  try {
    const account = { edition: opts.edition as Edition };
    const { saslPort, ...partPorts } = ports;
    const password = process.env[LOCAL_SASL_PASSWORD_ENV];
    const kafkaSasl = saslPort === undefined ? undefined : { port: saslPort, username: opts.saslUser ?? DEFAULT_SASL_USER, ...(password ? { password } : {}) };
    return await startLocalCloud({
      dataDir: opts.dataDir,
      host: opts.host,
      ...partPorts,
      ...(kafkaSasl ? { kafkaSasl } : {}),
      ossAllowV1: opts.ossAllowV1,
      account,
      ...(opts.region ? { regionId: opts.region } : {}),
      log,
    });
  } catch (err) {
    // Nothing half-made: a data directory this run created for a cloud that never started goes again.
    if (!dataDirExisted) await (await import('node:fs/promises')).rm(opts.dataDir, { recursive: true, force: true });
    const code = (err as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      const port = (err as { port?: number }).port;
      const flag = port === ports.ossPort ? '--oss-port' : port === ports.apiPort ? '--api-port' : port === ports.saslPort ? '--sasl-port' : '--kafka-port';
      throw new KafkaOssError(`${flag} ${port ?? ''} on ${opts.host} is already in use (0 picks a free port)`);
    }
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`--host must be an address of this machine, got ${JSON.stringify(opts.host)}`);
    throw err;
  }
}

function printDescription(d: Awaited<ReturnType<typeof startOrExplain>>['description'], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(d)}\n`);
    return;
  }
  process.stdout.write(
    [
      'Local cloud ready (Ctrl-C to stop)',
      `  region:                  ${d.regionId}`,
      ...(d.edition ? [`  Kafka instance edition:  ${String(d.edition)}`] : []),
      ...(d.kafka ? [`  Kafka bootstrap servers: ${d.kafka.bootstrapServers}`] : []),
      ...(d.kafka?.sasl ? [saslLine(d.kafka.sasl)] : []),
      ...(d.oss ? [`  OSS endpoint:            ${d.oss.endpoint}`] : []),
      ...(d.api ? [`  API endpoint:            ${d.api.endpoint} (alikafka, ResourceManager, VPC, FC; protocol http)`] : []),
      ...(d.api?.logEndpoint ? [`  Log Service endpoint:    ${d.api.logEndpoint} (project ${SEEDED_LOGSTORE.project}, logstore ${SEEDED_LOGSTORE.logstore} ready)`] : []),
      `  AccessKey ID:            ${d.accessKeyId ?? ''} (secret: --output json, or the "${LOCAL_PROFILE}" profile)`,
      ...(d.profile ? [`  profile:                 --profile ${String(d.profile)}`] : []),
      `  data directory:          ${d.dataDir}`,
      '',
    ].join('\n'),
  );
}

function saslLine(sasl: LocalKafkaSaslDescription): string {
  const password = sasl.passwordFile ? `password in ${sasl.passwordFile}` : `password from ${LOCAL_SASL_PASSWORD_ENV}`;
  return `  Kafka SASL servers:      ${sasl.bootstrapServers} (${sasl.securityProtocol}, ${sasl.mechanisms.join(' or ')}; user ${sasl.username}, ${password})`;
}

/**
 * A second `local up` would silently point the "local" profile away from a cloud that is still running
 * (and its connectors). Refuse while the saved profile's API still answers; a stale profile is replaced.
 */
async function refuseSecondLocalCloud(): Promise<void> {
  const { loadProfile, profileFilePath } = await import('../cloud/profile-store.js');
  const saved = await loadProfile(LOCAL_PROFILE).catch(() => undefined);
  if (!saved?.apiEndpoint || !(await answers(saved.apiEndpoint))) return;
  throw new KafkaOssError(
    `a local cloud is already running for profile "${LOCAL_PROFILE}" (API ${saved.apiEndpoint}, saved in ${profileFilePath()}): ` +
      'stop it first (Ctrl-C where it runs), or start this one with --no-save-profile',
  );
}

/** True when something accepts TCP connections at host:port within a second. */
async function answers(endpoint: string): Promise<boolean> {
  const { connect } = await import('node:net');
  const [host = '127.0.0.1', port = '0'] = endpoint.split(/:(?=\d+$)/);
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port), timeout: 1000 });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

function parsePort(flag: string, raw: string): { value: number; problem?: string } {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > 65535) return { value: 0, problem: `${flag} must be an integer from 0 to 65535, got ${JSON.stringify(raw)}` };
  return { value };
}

function untilSignalled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
