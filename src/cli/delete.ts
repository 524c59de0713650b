import type { Command } from 'commander';
import { CancelledError } from '../errors.js';
import { isNonInteractive, type GlobalOptions } from './global-options.js';

interface DeleteOptions extends GlobalOptions {
  fromFile?: string;
}

export function register(program: Command): void {
  program
    .command('delete <name>')
    .description("tear a connector down in reverse order (trigger, function, service, its connect-* topics, its consumer groups); never the source topic or the bucket's objects")
    .option('--from-file <definition.json>', 'the definition (default: kafka-oss.<name>.json)')
    .addHelpText('after', '\nAsks for confirmation on a TTY; --yes (or no TTY, or CI=true) skips it.')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<DeleteOptions>();
      const { loadDefinition, connectorSession } = await import('./connector-input.js');
      const definition = await loadDefinition(name, options.fromFile, options);
      if (!isNonInteractive(options)) {
        const { confirm } = await import('@inquirer/prompts');
        const sure = await confirm({ message: `Delete connector ${name} (its function, trigger, connect-* topics and consumer groups)?`, default: false });
        if (!sure) throw new CancelledError('Cancelled: nothing was deleted.');
      }
      const { destroyConnector } = await import('../deploy/destroy.js');
      const { stepReporter } = await import('./step-reporter.js');
      const json = options.output === 'json';
      const { session } = await connectorSession(options, definition);
      const steps = await destroyConnector(session, definition, await stepReporter({ json, tty: Boolean(process.stderr.isTTY), verb: 'deleting' }));
      if (json) process.stdout.write(`${JSON.stringify({ connector: name, deleted: steps }, null, 2)}\n`);
      else process.stdout.write(`Connector ${name} deleted. The source topic ${definition.sourceTopic} and the objects in oss://${definition.bucket}/ are untouched.\n`);
    });
}
