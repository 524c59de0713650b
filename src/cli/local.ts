import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

export interface LocalUpOptions {
  dataDir: string;
  host: string;
  kafkaPort: string;
  ossPort: string;
  apiPort: string;
  ossAllowV1: boolean;
  edition: string;
  saveProfile: boolean;
  saslPort?: string;
  saslUser?: string;
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
    .option('--sasl-port <port>', 'also a SASL_PLAINTEXT Kafka listener (PLAIN, SCRAM-SHA-256), as an instance\'s SASL endpoint (0 picks a free port)')
    .option('--sasl-user <name>', 'the SASL user (with --sasl-port; default "local"); password from KAFKA_OSS_LOCAL_SASL_PASSWORD, else generated and kept in the data directory')
    .option('--oss-allow-v1', 'the OSS server also accepts signature V1 from older clients (refused by default, as OSS does for new buckets)', false)
    .option('--edition <edition>', "the Kafka instance's edition: professional (topics may use local storage and compaction) or standard (cloud storage only, as Standard Edition)", 'professional')
    .option('--no-save-profile', 'do not save the "local" profile')
    .addHelpText('after', examples([
      ['kafka-oss local up', 'the local cloud on the usual ports; every command then works with --profile local'],
      ['kafka-oss local up --kafka-port 0 --oss-port 0 --api-port 0 --output json', 'free ports, endpoints as JSON for scripts'],
      ['kafka-oss local up --edition standard', 'a Standard Edition instance: what deploy does where topics cannot use local storage'],
    ]))
    .action(async (_opts: LocalUpOptions, command: Command) => {
      const { runLocalUp } = await import('./local-up.js');
      await runLocalUp(command.optsWithGlobals<LocalUpOptions & GlobalOptions>());
    });
}
