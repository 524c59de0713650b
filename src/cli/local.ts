import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { KafkaOssError, UsageError } from '../errors.js';

interface LocalUpOptions {
  dataDir: string;
  host: string;
  kafkaPort: string;
  ossPort: string;
  apiPort: string;
  ossAllowV1: boolean;
  saveProfile: boolean;
}

/** The profile `local up` saves, which other commands use with `--profile local`. */
export const LOCAL_PROFILE = 'local';

/** `kafka-oss local up`: the embedded local cloud, running until SIGINT or SIGTERM. */
export function register(program: Command): void {
  const local = program.command('local').description('the embedded local cloud (Kafka broker, OSS server, alikafka/ResourceManager/FC APIs) on this machine');
  local
    .command('up')
    .description('start the local cloud, print its endpoints once ready, and run until Ctrl-C')
    .option('--data-dir <dir>', 'where topics, offsets and records are kept', './.kafka-oss-local')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--kafka-port <port>', 'Kafka broker port (0 picks a free one)', '9092')
    .option('--oss-port <port>', 'OSS server port (0 picks a free one)', '9000')
    .option('--api-port <port>', 'control-plane API port: alikafka, ResourceManager, VPC, FC (0 picks a free one)', '9100')
    .option('--oss-allow-v1', 'the OSS server also accepts signature V1 from older clients (refused by default, as OSS does for new buckets)', false)
    .option('--no-save-profile', 'do not save the "local" profile')
    .action(async (_opts: LocalUpOptions, command: Command) => {
      const opts = command.optsWithGlobals<LocalUpOptions & GlobalOptions>();
      const kafkaPort = parsePort('--kafka-port', opts.kafkaPort);
      const ossPort = parsePort('--oss-port', opts.ossPort);
      const apiPort = parsePort('--api-port', opts.apiPort);
      const problems = [kafkaPort, ossPort, apiPort].flatMap((p) => (p.problem ? [p.problem] : []));
      if (opts.host.trim() === '') problems.push('--host must be an address to listen on, got ""');
      if (opts.dataDir.trim() === '') problems.push('--data-dir must be a directory path, got ""');
      if (problems.length > 0) throw new UsageError(problems);

      const { startLocalCloud } = await import('../emulator/local-cloud.js');
      const log = process.env.KAFKA_OSS_DEBUG ? (line: string) => process.stderr.write(`[local] ${line}\n`) : undefined;
      const cloud = await startLocalCloud({
        dataDir: opts.dataDir,
        host: opts.host,
        kafkaPort: kafkaPort.value,
        ossPort: ossPort.value,
        apiPort: apiPort.value,
        ossAllowV1: opts.ossAllowV1,
        ...(opts.region ? { regionId: opts.region } : {}),
        log,
      }).catch((err: unknown) => {
        const code = (err as { code?: unknown }).code;
        if (code === 'EADDRINUSE') {
          const port = (err as { port?: number }).port;
          const flag = port === ossPort.value ? '--oss-port' : port === apiPort.value ? '--api-port' : '--kafka-port';
          throw new KafkaOssError(`${flag} ${port ?? ''} on ${opts.host} is already in use (0 picks a free port)`);
        }
        if (code === 'EADDRNOTAVAIL') throw new UsageError(`--host must be an address of this machine, got ${JSON.stringify(opts.host)}`);
        throw err;
      });
      if (opts.saveProfile) {
        const { saveProfile } = await import('../cloud/profile-store.js');
        const { localCloudProfile } = await import('./local-profile.js');
        await saveProfile(LOCAL_PROFILE, localCloudProfile(cloud));
        cloud.description.profile = LOCAL_PROFILE;
      }
      if (opts.output === 'json') process.stdout.write(`${JSON.stringify(cloud.description)}\n`);
      else {
        const d = cloud.description;
        process.stdout.write(
          [
            'Local cloud ready (Ctrl-C to stop)',
            `  region:                  ${d.regionId}`,
            ...(d.kafka ? [`  Kafka bootstrap servers: ${d.kafka.bootstrapServers}`] : []),
            ...(d.oss ? [`  OSS endpoint:            ${d.oss.endpoint}`] : []),
            ...(d.api ? [`  API endpoint:            ${d.api.endpoint} (alikafka, ResourceManager, VPC, FC; protocol http)`] : []),
            `  AccessKey ID:            ${d.accessKeyId ?? ''} (secret: --output json, or the "${LOCAL_PROFILE}" profile)`,
            ...(d.profile ? [`  profile:                 --profile ${String(d.profile)}`] : []),
            `  data directory:          ${d.dataDir}`,
            '',
          ].join('\n'),
        );
      }
      await untilSignalled();
      await cloud.close();
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
