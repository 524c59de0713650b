/** Exit codes documented in the README: 0 ok, 1 failure, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Bad input: every problem found, reported at once, before any network call. Exit 2. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
  readonly problems: string[];

  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.length === 1 ? list[0] : `${list.length} problems:\n${list.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'UsageError';
    this.problems = list;
  }
}

/** A failure that is not the user's input (cloud error, timeout, …). Exit 1. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = EXIT_FAILURE) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/*
 * The CLI's start-up path is bundled (scripts/bundle-cli.mjs) while the work behind each command is
 * loaded from dist/, so these classes can exist twice: recognise them by name, not by instanceof.
 */
export function isUsageError(err: unknown): err is UsageError {
  return err instanceof Error && err.name === 'UsageError';
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof Error && (err.name === 'UsageError' || err.name === 'CliError')) {
    const code = (err as { exitCode?: unknown }).exitCode;
    if (typeof code === 'number') return code;
  }
  return EXIT_FAILURE;
}
