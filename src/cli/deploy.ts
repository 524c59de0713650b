import type { Command } from 'commander';
import type { ConnectorDefinition } from '../definition/definition.js';
import { isNonInteractive, type GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

export interface DeployOptions extends GlobalOptions {
  fromFile?: string;
  dryRun?: boolean;
  accessKeySecretStdin?: boolean;
}

export function register(program: Command): void {
  program
    .command('deploy [name]')
    .description('show the plan, then provision the connector: roles, consumer groups, connect-* topics, OSS check, FC service, function and Kafka trigger')
    .option('--from-file <definition.json>', 'the definition (default: kafka-oss.<name>.json)')
    .option('--dry-run', 'print the plan only; change nothing (give the AccessKey secret too, so that a rotated secret shows)')
    .option('--access-key-secret-stdin', 'read the AccessKey secret from standard input (or set KAFKA_OSS_ACCESS_KEY_SECRET)')
    .addHelpText('after', `\nRe-running creates only what is missing and reports drift; a deploy that failed part-way (or was interrupted) is completed by the next one.\n${examples([
      ['kafka-oss deploy orders', 'plan, then provision; the AccessKey secret from KAFKA_OSS_ACCESS_KEY_SECRET goes to the function, never to a file'],
      ['kafka-oss deploy orders --dry-run --output json', 'the plan only, as JSON'],
    ])}`)
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<DeployOptions>();
      await runDeploy(name, options);
    });
}

/**
 * The AccessKey secret: required to deploy. A dry run takes it when it is given (standard input or the
 * environment) so that it plans exactly what the deploy would, and never prompts for it.
 */
async function accessKeySecretFor(options: DeployOptions, definition: ConnectorDefinition): Promise<string | undefined> {
  const { readAccessKeySecret, SECRET_ENV } = await import('./connector-input.js');
  const { accessKeyId } = definition;
  if (options.accessKeySecretStdin) return readAccessKeySecret({ stdin: true, interactive: false, accessKeyId });
  if (options.dryRun) return process.env[SECRET_ENV] || undefined;
  return readAccessKeySecret({ interactive: !isNonInteractive(options), accessKeyId });
}

async function runDeploy(name: string | undefined, options: DeployOptions): Promise<void> {
  const { loadDefinition } = await import('./connector-input.js');
  const definition = await loadDefinition(name, options.fromFile, options);
  await deployDefinition(definition, await accessKeySecretFor(options, definition), options);
}

/** Deploys a definition already loaded, with its secret (the wizard's "Deploy now" comes in here too). */
export async function deployDefinition(definition: ConnectorDefinition, secret: string | undefined, options: DeployOptions): Promise<void> {
  const json = options.output === 'json';
  const { connectorSession, SECRET_ENV } = await import('./connector-input.js');
  const { prepareDeploy } = await import('../deploy/deploy.js');
  const { SECRET_NOT_COMPARED } = await import('../deploy/plan.js');
  const { stepReporter, renderPlan, interruptible } = await import('./step-reporter.js');

  const { target, session } = await connectorSession(options, definition);
  const reporter = await stepReporter({ json, tty: Boolean(process.stderr.isTTY), verb: 'applying' });
  if (!json) process.stderr.write(`Deploying connector ${definition.name} to ${definition.instanceId} (${target.regionId})\n`);
  const prepared = await prepareDeploy(session, definition, secret);
  if (!json) process.stdout.write(`Plan:\n${renderPlan(prepared.steps)}\n`);
  if (options.dryRun) {
    if (json) process.stdout.write(`${JSON.stringify({ connector: definition.name, dryRun: true, steps: prepared.steps }, null, 2)}\n`);
    else if (prepared.steps.some((s) => s.detail.includes(SECRET_NOT_COMPARED))) {
      process.stderr.write(`note: the AccessKey secret was not given, so a rotated secret cannot show in this plan (set ${SECRET_ENV} or use --access-key-secret-stdin)\n`);
    }
    return;
  }
  const result = await interruptible(reporter, `kafka-oss deploy ${definition.name}`, () => prepared.apply(reporter));
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  const created = result.changed.length;
  if (json) process.stdout.write(`${JSON.stringify({ connector: definition.name, dryRun: false, steps: result.steps, changed: result.changed }, null, 2)}\n`);
  else process.stdout.write(created === 0 ? 'Nothing to do: every resource is in place.\n' : `Deployed: ${created} resource${created === 1 ? '' : 's'} created or updated. Next: kafka-oss test ${definition.name}\n`);
}
