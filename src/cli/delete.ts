import type { Command } from 'commander';
import { CancelledError } from '../errors.js';
import { isNonInteractive, type GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

interface DeleteOptions extends GlobalOptions {
  fromFile?: string;
  dryRun?: boolean;
}

export function register(program: Command): void {
  program
    .command('delete <name>')
    .description("tear a connector down in reverse order (trigger, function, service, its connect-* topics, its consumer groups); never the source topic, the bucket's objects or the shared roles")
    .option('--from-file <definition.json>', 'the definition (default: kafka-oss.<name>.json)')
    .option('--dry-run', 'print the plan only; delete nothing')
    .addHelpText('after', `\nShows the plan, then asks for confirmation on a TTY; --yes (or no TTY, or CI=true) skips it. What is already gone is skipped, so a delete that failed part-way can be run again.\n${examples([
      ['kafka-oss delete orders --dry-run', 'what would be deleted, and what is kept'],
      ['kafka-oss delete orders --yes --profile prod', 'no confirmation; works from the cloud record on any machine'],
    ])}`)
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await runDelete(name, cmd.optsWithGlobals<DeleteOptions>());
    });
}

async function runDelete(name: string, options: DeleteOptions): Promise<void> {
  const json = options.output === 'json';
  const { loadDefinition, connectorSession } = await import('./connector-input.js');
  const definition = await loadDefinition(name, options.fromFile, options);
  const { prepareDelete } = await import('../deploy/destroy.js');
  const { BlockedPlanError } = await import('../deploy/apply.js');
  const { changesSomething } = await import('../deploy/plan-step.js');
  const { stepReporter, renderPlan, interruptible } = await import('./step-reporter.js');

  const { target, session } = await connectorSession(options, definition);
  if (!json) process.stderr.write(`${options.dryRun ? 'Planning the delete of' : 'Deleting'} connector ${name} from ${definition.instanceId} (${target.regionId})\n`);
  const prepared = await prepareDelete(session, definition);
  if (!json) process.stdout.write(`Plan:\n${renderPlan(prepared.steps)}\n`);
  if (options.dryRun) {
    if (json) process.stdout.write(`${JSON.stringify({ connector: name, dryRun: true, steps: prepared.steps }, null, 2)}\n`);
    return;
  }
  const blocked = prepared.steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) throw new BlockedPlanError(blocked);
  const toDelete = prepared.steps.filter(changesSomething).length;
  if (toDelete > 0 && !isNonInteractive(options)) {
    const { confirm } = await import('@inquirer/prompts');
    const sure = await confirm({ message: `Delete the ${toDelete} resource${toDelete === 1 ? '' : 's'} of connector ${name} planned above?`, default: false });
    if (!sure) throw new CancelledError('Cancelled: nothing was deleted.');
  }
  const reporter = await stepReporter({ json, tty: Boolean(process.stderr.isTTY), verb: 'deleting' });
  const result = await interruptible(reporter, `kafka-oss delete ${name}`, () => prepared.apply(reporter));
  if (json) process.stdout.write(`${JSON.stringify({ connector: name, dryRun: false, steps: result.steps, changed: result.changed }, null, 2)}\n`);
  else {
    const summary = result.changed.length === 0 ? `Nothing to delete: connector ${name} has no resources left.` : `Connector ${name} deleted.`;
    process.stdout.write(`${summary} The source topic ${definition.sourceTopic} and the objects in oss://${definition.bucket}/ are untouched.\n`);
  }
}
