import type { Command } from 'commander';
import { isNonInteractive, type GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

interface QuickstartOptions extends GlobalOptions {
  interactive?: boolean;
  dataDir?: string;
  keep?: boolean;
}

export function register(program: Command): void {
  program
    .command('quickstart')
    .description('the whole flow on the embedded local cloud: create a connector, deploy it, send a test message, show the exported file')
    .option('--interactive', 'define the connector with the wizard (needs a TTY) instead of the defaults')
    .option('--data-dir <dir>', 'keep the local cloud here (default: a temporary directory, removed at the end)')
    .addHelpText('after', examples([
      ['kafka-oss quickstart', 'create, deploy and test a connector on the embedded local cloud, no account needed'],
      ['kafka-oss quickstart --interactive', 'the same, answering the wizard yourself'],
    ]))
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<QuickstartOptions>();
      const { runQuickstart } = await import('./quickstart-flow.js');
      await runQuickstart({
        interactive: Boolean(options.interactive) && !isNonInteractive({ yes: false }),
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        json: options.output === 'json',
        ...(options.lang ? { lang: options.lang } : {}),
      });
    });
}
