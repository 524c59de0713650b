import type { Command } from 'commander';
import { isNonInteractive, type GlobalOptions } from './global-options.js';

interface DeployOptions extends GlobalOptions {
  fromFile?: string;
  dryRun?: boolean;
  accessKeySecretStdin?: boolean;
}

export function register(program: Command): void {
  program
    .command('deploy [name]')
    .description('show the plan, then provision the connector: roles, consumer groups, connect-* topics, OSS check, FC service, function and Kafka trigger')
    .option('--from-file <definition.json>', 'the definition (default: kafka-oss.<name>.json)')
    .option('--dry-run', 'print the plan only; change nothing')
    .option('--access-key-secret-stdin', 'read the AccessKey secret from standard input (or set KAFKA_OSS_ACCESS_KEY_SECRET)')
    .addHelpText('after', '\nRe-running creates only what is missing and reports drift; a deploy that failed part-way is completed by the next one.')
    .action(async (name: string | undefined, _opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<DeployOptions>();
      await runDeploy(name, options);
    });
}

async function runDeploy(name: string | undefined, options: DeployOptions): Promise<void> {
  const json = options.output === 'json';
  const { loadDefinition, readAccessKeySecret, connectorSession } = await import('./connector-input.js');
  const definition = await loadDefinition(name, options.fromFile, options);
  const secret = options.dryRun ? '' : await readAccessKeySecret({ ...(options.accessKeySecretStdin ? { stdin: true } : {}), interactive: !isNonInteractive(options), accessKeyId: definition.accessKeyId });

  const { prepareDeploy } = await import('../deploy/deploy.js');
  const { stepReporter, renderPlan } = await import('./step-reporter.js');

  const { target, session } = await connectorSession(options, definition);
  const reporter = await stepReporter({ json, tty: Boolean(process.stderr.isTTY), verb: 'applying' });
  if (!json) process.stderr.write(`Deploying connector ${definition.name} to ${definition.instanceId} (${target.regionId})\n`);
  const prepared = await prepareDeploy(session, definition, secret);
  if (!json) process.stdout.write(`Plan:\n${renderPlan(prepared.steps)}\n`);
  if (options.dryRun) {
    if (json) process.stdout.write(`${JSON.stringify({ connector: definition.name, dryRun: true, steps: prepared.steps }, null, 2)}\n`);
    return;
  }
  const result = await prepared.apply(reporter);
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  const created = result.changed.length;
  if (json) process.stdout.write(`${JSON.stringify({ connector: definition.name, dryRun: false, steps: result.steps, changed: result.changed }, null, 2)}\n`);
  else process.stdout.write(created === 0 ? 'Nothing to do: every resource is in place.\n' : `Deployed: ${created} resource${created === 1 ? '' : 's'} created or updated. Next: kafka-oss test ${definition.name}\n`);
}
