import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

interface ListOptions extends GlobalOptions {
  instanceId?: string;
}

export function register(program: Command): void {
  program
    .command('list')
    .description('the connectors recorded in an instance (from the cloud, wherever they were deployed from), with their state')
    .option('--instance-id <id>', "the instance (default: every instance of the region)")
    .addHelpText('after', examples([
      ['kafka-oss list --region cn-hangzhou', 'every connector recorded in the region\'s instances, with its state'],
      ['kafka-oss list --profile local --output json', 'the same on the local cloud, as JSON'],
    ]))
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<ListOptions>();
      const { commandTarget } = await import('./connector-input.js');
      const { catalogFor } = await import('../cloud/catalog-sdk.js');
      const { connectorStates } = await import('../deploy/inventory.js');
      const target = await commandTarget(options);
      const catalog = catalogFor(target);
      const instances = await catalog.listInstances();
      const instanceIds = options.instanceId ? [options.instanceId] : instances.map((i) => i.instanceId);
      if (options.instanceId && !instances.some((i) => i.instanceId === options.instanceId)) {
        throw new UsageError(`--instance-id: must be an instance of region ${target.regionId} (got ${JSON.stringify(options.instanceId)})`);
      }
      const rows = [];
      for (const instanceId of instanceIds) rows.push(...(await connectorStates(target, catalog, instanceId)));
      if (options.output === 'json') {
        process.stdout.write(`${JSON.stringify({ regionId: target.regionId, connectors: rows }, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(`No connectors in ${instanceIds.join(', ') || `region ${target.regionId}`}.\n`);
        return;
      }
      const header = ['NAME', 'INSTANCE', 'SOURCE TOPIC', 'BUCKET', 'STATE'];
      const table = [header, ...rows.map((r) => [r.name, r.instanceId, r.sourceTopic, r.bucket, r.state])];
      const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      process.stdout.write(`${table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`);
    });
}
