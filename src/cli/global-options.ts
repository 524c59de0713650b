import type { Command } from 'commander';

export type OutputFormat = 'text' | 'json';

export interface GlobalOptions {
  profile?: string;
  region?: string;
  output: OutputFormat;
  yes: boolean;
  lang?: 'en' | 'zh';
}

/** Options every command shares; read with `command.optsWithGlobals()`. */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--profile <name>', 'credentials profile (aliyun CLI / credentials file; "local" for the embedded local cloud)')
    .option('--region <id>', 'region id, e.g. cn-hangzhou')
    .option('--output <format>', 'text or json', 'text')
    .option('-y, --yes', 'never prompt; take defaults and flags as given', false)
    .option('--lang <lang>', 'prompt language: en or zh (default from the locale)');
}

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json'];

/** `--output` is checked like any other flag: an unknown format is bad input, never silently text. */
export function outputProblems(options: { output?: string }): string[] {
  const output = options.output ?? 'text';
  return (OUTPUT_FORMATS as readonly string[]).includes(output) ? [] : [`--output: must be text or json (got ${JSON.stringify(output)})`];
}

/** True when nothing may be prompted: no TTY on stdin/stdout, `--yes`, or CI=true. */
export function isNonInteractive(opts: { yes?: boolean }): boolean {
  const ci = (process.env.CI ?? '').toLowerCase();
  return Boolean(opts.yes) || ci === 'true' || ci === '1' || !process.stdin.isTTY || !process.stdout.isTTY;
}
