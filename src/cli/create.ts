import { Option, type Command } from 'commander';
import { FIELDS, STEPS, optionName, type FieldKey } from '../definition/fields.js';
import { isNonInteractive, type GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

const STEP_HEADINGS: Record<(typeof STEPS)[number], string> = {
  basic: 'Basic info:',
  source: 'Source:',
  target: 'Target:',
  runtime: 'Runtime:',
  preview: 'Preview / submit:',
};

export interface CreateOptions extends GlobalOptions {
  fromFile?: string;
  out?: string;
  accessKeySecretStdin?: boolean;
  offline?: boolean;
  [flag: string]: unknown;
}

export function register(program: Command): void {
  const command = program
    .command('create')
    .description('define a connector: the console wizard (Basic info → Source → Target → Runtime → Preview), or every answer as a flag')
    .addHelpText('after', `
The AccessKey secret is never taken on the command line and never written to the definition file:
set KAFKA_OSS_ACCESS_KEY_SECRET, pipe it with --access-key-secret-stdin, or type it at the prompt.
With no TTY, --yes or CI=true nothing is prompted: every missing flag is listed at once (exit 2).
${examples([
  ['kafka-oss create', 'the wizard, with the instance\'s topics and the account\'s buckets to pick from'],
  ['kafka-oss create --yes --name orders --source-topic orders --bucket my-bucket --access-key-id LTAI…', 'no prompt: every answer a flag (CI)'],
  ['kafka-oss create --offline --from-file kafka-oss.orders.json --name orders-copy', 'start from a file, override a field, skip the cloud checks'],
])}`);

  for (const step of STEPS) {
    if (step === 'preview') continue;
    command.optionsGroup(STEP_HEADINGS[step]);
    for (const field of FIELDS.filter((f) => f.step === step)) {
      // Values are checked by the spec's rules (all problems at once), not by commander's choices().
      const help = field.defaultText ? `${field.help} (default: ${field.defaultText})` : field.help;
      command.addOption(new Option(`${field.flag} <${field.placeholder}>`, help));
    }
    if (step === 'target') {
      command.option('--access-key-secret-stdin', 'read the AccessKey secret from standard input (or set KAFKA_OSS_ACCESS_KEY_SECRET)');
    }
  }
  command
    .optionsGroup(STEP_HEADINGS.preview)
    .option('--from-file <definition.json>', 'start from a definition file; flags override its values')
    .option('--out <path>', 'where to record the definition (default: kafka-oss.<name>.json)')
    .option('--offline', 'skip the checks that need the cloud (instance, topics, bucket, uniqueness)')
    .action(async (_opts: unknown, cmd: Command) => {
      const options = cmd.optsWithGlobals<CreateOptions>();
      const { runCreate } = await import('./create-flow.js');
      const created = await runCreate(flagInput(options), options, { interactive: !isNonInteractive(options) });
      if (created.deployNow) {
        // "Deploy now" at the end of the wizard: the deploy command's own path, with the secret the wizard was given.
        const { deployDefinition } = await import('./deploy.js');
        await deployDefinition(created.definition, created.secret, options);
      }
    });
}

/** Field values given as flags. */
function flagInput(options: CreateOptions): Partial<Record<FieldKey, string>> {
  const input: Partial<Record<FieldKey, string>> = {};
  for (const field of FIELDS) {
    const value = options[optionName(field)];
    if (typeof value === 'string') input[field.key] = value;
  }
  return input;
}
