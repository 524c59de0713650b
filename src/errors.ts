/**
 * The one error base of kafka-oss. Every error a user may see carries the exit code the README
 * documents; `src/cli/main.ts` maps them once (message to stderr, code to the process).
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_CANCELLED = 130;
/** 128 + SIGTERM's 15, as a shell reports a process that SIGTERM ended. */
export const EXIT_TERMINATED = 143;

export class KafkaOssError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_FAILURE, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad input: every problem found, reported at once, each naming the field, the rule and the value. Exit 2. */
export class UsageError extends KafkaOssError {
  readonly problems: string[];

  /** `header` words the count above a list of problems in the problems' own language (src/i18n). */
  constructor(problems: string | string[], header: (count: number) => string = (count) => `${count} problems:`) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.length === 1 ? list[0]! : `${header(list.length)}\n${list.map((p) => `  - ${p}`).join('\n')}`, EXIT_USAGE);
    this.problems = list;
  }
}

/** The user stopped the command (Ctrl-C, a "no" at a confirmation). Exit 130, as a shell reports SIGINT. */
export class CancelledError extends KafkaOssError {
  constructor(message: string) {
    super(message, EXIT_CANCELLED);
  }
}

/** The exit code for anything thrown: its own for kafka-oss errors, 1 for the rest. */
export function exitCodeOf(err: unknown): number {
  return err instanceof KafkaOssError ? err.exitCode : EXIT_FAILURE;
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
