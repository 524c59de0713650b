import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

interface GetOptions extends GlobalOptions {
  out?: string;
  force?: boolean;
}

/** `kafka-oss get <name>`: the definition a connector's cloud record holds, written as a definition file. */
export function register(program: Command): void {
  program
    .command('get <name>')
    .description("write a connector's definition from its cloud record (never the secret), so another machine can take it over")
    .option('--out <path>', 'where to write it (default: kafka-oss.<name>.json)')
    .option('--force', 'replace an existing file')
    .addHelpText('after', examples([
      ['kafka-oss get orders --profile prod', 'kafka-oss.orders.json from the record, ready for deploy, test, sink run'],
      ['kafka-oss get orders --output json', 'print the definition instead of writing it'],
    ]))
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await runGet(name, cmd.optsWithGlobals<GetOptions>());
    });
}

async function runGet(name: string, options: GetOptions): Promise<void> {
  const { recordedDefinition } = await import('./connector-input.js');
  const { UsageError } = await import('../errors.js');
  const { defaultDefinitionPath, serializeDefinition } = await import('../definition/definition-file.js');
  const found = await recordedDefinition(name, options);
  if (!found.definition) {
    throw new UsageError(`no connector named ${JSON.stringify(name)} is recorded in region ${found.target.regionId} (instances: ${found.instances.map((i) => i.instanceId).join(', ') || 'none'}); \`kafka-oss list\` shows those that are`);
  }
  if (options.output === 'json') {
    process.stdout.write(serializeDefinition(found.definition));
    return;
  }
  const path = options.out ?? defaultDefinitionPath(name);
  const { existsSync } = await import('node:fs');
  if (existsSync(path) && !options.force) throw new UsageError(`--out: ${path} exists; give --force to replace it, or --out another path`);
  const { writeDefinitionFile } = await import('./definition-file.js');
  await writeDefinitionFile(path, found.definition);
  process.stdout.write(`Wrote the definition of ${name} to ${path} (from the record in ${found.definition.instanceId}). The AccessKey secret is not part of it: set KAFKA_OSS_ACCESS_KEY_SECRET to deploy.\n`);
}
