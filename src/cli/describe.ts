import type { Command } from 'commander';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

interface DescribeOptions extends GlobalOptions {
  fromFile?: string;
}

export function register(program: Command): void {
  program
    .command('describe <name>')
    .description("one connector in detail: its definition, each resource's live state, and the console link of its function")
    .option('--from-file <definition.json>', "the definition (default: kafka-oss.<name>.json, else the connector's cloud record)")
    .addHelpText('after', examples([
      ['kafka-oss describe orders', 'each resource\'s live state and the function\'s console link'],
      ['kafka-oss describe orders --profile prod --output json', 'from any machine: the definition comes from the cloud record'],
    ]))
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<DescribeOptions>();
      const { loadDefinition, connectorSession } = await import('./connector-input.js');
      const definition = await loadDefinition(name, options.fromFile, options);
      const { describeConnector } = await import('../deploy/describe.js');
      const { target, session } = await connectorSession(options, definition);
      const { resources, consoleUrl } = await describeConnector(session, definition);
      if (options.output === 'json') {
        process.stdout.write(`${JSON.stringify({ definition, resources, consoleUrl }, null, 2)}\n`);
        return;
      }
      const width = (i: 0 | 1 | 2) => Math.max(...resources.map((r) => [r.kind, r.name, r.state][i]!.length));
      process.stdout.write(
        `Connector ${definition.name}: ${definition.sourceTopic} → oss://${definition.bucket}/${definition.name}/ (${definition.instanceId}, ${target.regionId})\n` +
          `  start ${definition.offsetReset}, concurrency ${definition.concurrency}, failure policy ${definition.failurePolicy}, resources ${definition.resources}\n\n` +
          resources.map((r) => `  ${r.kind.padEnd(width(0))}  ${r.name.padEnd(width(1))}  ${r.state.padEnd(width(2))}  ${r.detail}`.trimEnd()).join('\n') +
          `\n\nFunction configuration: ${consoleUrl}\n`,
      );
    });
}
