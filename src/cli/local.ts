import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { CliError, UsageError } from './errors.js';

interface LocalUpOptions {
  dataDir: string;
  host: string;
  kafkaPort: string;
}

/** `kafka-oss local up`: the embedded local cloud, running until SIGINT or SIGTERM. */
export function register(program: Command): void {
  const local = program.command('local').description('the embedded local cloud (Kafka broker, …) on this machine');
  local
    .command('up')
    .description('start the local cloud, print its endpoints once ready, and run until Ctrl-C')
    .option('--data-dir <dir>', 'where topics, offsets and records are kept', './.kafka-oss-local')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--kafka-port <port>', 'Kafka broker port (0 picks a free one)', '9092')
    .action(async (_opts: LocalUpOptions, command: Command) => {
      const opts = command.optsWithGlobals<LocalUpOptions & GlobalOptions>();
      const kafkaPort = parsePort('--kafka-port', opts.kafkaPort);
      const problems = [...(kafkaPort.problem ? [kafkaPort.problem] : [])];
      if (opts.host.trim() === '') problems.push('--host must be an address to listen on, got ""');
      if (opts.dataDir.trim() === '') problems.push('--data-dir must be a directory path, got ""');
      if (problems.length > 0) throw new UsageError(problems);

      const { startLocalCloud } = await import('../emulator/local-cloud.js');
      const log = process.env.KAFKA_OSS_DEBUG ? (line: string) => process.stderr.write(`[local] ${line}\n`) : undefined;
      const cloud = await startLocalCloud({
        dataDir: opts.dataDir,
        host: opts.host,
        kafkaPort: kafkaPort.value,
        regionId: opts.region,
        log,
      }).catch((err: unknown) => {
        const code = (err as { code?: unknown }).code;
        if (code === 'EADDRINUSE') throw new CliError(`--kafka-port ${kafkaPort.value} on ${opts.host} is already in use (0 picks a free port)`);
        if (code === 'EADDRNOTAVAIL') throw new UsageError(`--host must be an address of this machine, got ${JSON.stringify(opts.host)}`);
        throw err;
      });
      if (opts.output === 'json') process.stdout.write(`${JSON.stringify(cloud.description)}\n`);
      else {
        const d = cloud.description;
        process.stdout.write(
          [
            'Local cloud ready (Ctrl-C to stop)',
            `  region:                  ${d.regionId}`,
            ...(d.kafka ? [`  Kafka bootstrap servers: ${d.kafka.bootstrapServers}`] : []),
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
