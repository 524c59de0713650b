import { Command, CommanderError } from 'commander';
import { addGlobalOptions, outputProblems } from './global-options.js';
import { exitCodeOf, EXIT_USAGE, messageOf, UsageError } from '../errors.js';
import { register as create } from './create.js';
import { register as local } from './local.js';
import { register as deploy } from './deploy.js';
import { register as quickstart } from './quickstart.js';
import { register as test } from './test-command.js';
import { register as list } from './list.js';
import { register as describe } from './describe.js';
import { register as get } from './get.js';
import { register as objects } from './objects.js';
import { register as logs } from './logs.js';
import { register as deleteCommand } from './delete.js';
import { register as sendMessage } from './send-message.js';
import { register as sink } from './sink.js';

/**
 * Each command module only declares its options; the work (and the heavy SDKs) is imported
 * inside the action, so `kafka-oss --help` stays fast. One line per command, in help order.
 */
type Register = (program: Command) => void;

/** The options of the command being run, for the error hints. */
let invokedWith: { profile?: string; output?: string } = {};

const commands: Register[] = [quickstart, create, deploy, test, list, describe, objects, logs, get, deleteCommand, sendMessage, sink, local];

export async function buildProgram(): Promise<Command> {
  const program = new Command('kafka-oss')
    .description('Message Queue for Kafka → OSS connectors: create, deploy, test, and a local cloud to run them on')
    .version(await readVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  addGlobalOptions(program);
  // Set before the commands are added: subcommands copy the help settings when they are created.
  program.configureHelp({ showGlobalOptions: true, sortSubcommands: false });
  for (const register of commands) register(program);
  program.hook('preAction', (_program, action) => {
    invokedWith = action.optsWithGlobals();
    const problems = outputProblems(invokedWith);
    if (problems.length > 0) throw new UsageError(problems);
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe();
  const program = await buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit with 0; unknown options and missing arguments are usage errors.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    // The one place errors become output and exit codes (src/errors.ts): 2 bad input, 130 cancelled, else 1.
    process.stderr.write(`kafka-oss: ${messageOf(err)}\n`);
    const { nextStep } = await import('./error-hints.js');
    const hint = await nextStep(err, invokedWith);
    if (hint) process.stderr.write(`  → ${hint}\n`);
    if (process.env.KAFKA_OSS_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return exitCodeOf(err);
  }
}

async function readVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** `kafka-oss create --help | head -2`: the reader went away; stop without a stack trace, as Unix tools do. */
function endQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
}
