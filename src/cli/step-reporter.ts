import type { StepReporter } from '../deploy/apply.js';
import type { PlanStep } from '../deploy/plan.js';

const label = (step: PlanStep) => `${step.kind.padEnd(8)} ${step.name}`;

/** A reporter that also knows where the work is, so that an interruption can say where it stopped. */
export interface TrackingReporter extends StepReporter {
  /** The step under way, if any, and how many have finished. */
  position(): { current?: PlanStep; finished: number };
  /** Stops any spinner, leaving the terminal as it was. */
  stop(): void;
}

/** One spinner per step on a TTY; plain lines otherwise (CI logs). JSON output reports nothing here. */
export async function stepReporter(opts: { json: boolean; tty: boolean; verb: string }): Promise<TrackingReporter> {
  let current: PlanStep | undefined;
  let finished = 0;
  const track = (inner: StepReporter & { stop?: () => void }): TrackingReporter => ({
    start: (step) => {
      current = step;
      inner.start(step);
    },
    done: (step, note) => {
      current = undefined;
      finished += 1;
      inner.done(step, note);
    },
    fail: (step, err) => {
      current = undefined;
      inner.fail(step, err);
    },
    position: () => ({ ...(current ? { current } : {}), finished }),
    stop: () => inner.stop?.(),
  });
  const write = (line: string) => process.stderr.write(`${line}\n`);
  if (opts.json) return track({ start: () => {}, done: () => {}, fail: () => {} });
  if (!opts.tty) {
    return track({
      start: (step) => write(`${opts.verb} ${label(step)} …`),
      done: (step) => write(`  ✔ ${label(step)}${step.detail ? ` (${step.detail})` : ''}`),
      fail: (step, err) => write(`  ✖ ${label(step)}: ${err instanceof Error ? err.message : String(err)}`),
    });
  }
  const { default: ora } = await import('ora');
  const spinners = new Map<string, ReturnType<typeof ora>>();
  const key = (step: PlanStep) => `${step.kind}/${step.name}`;
  return track({
    // discardStdin: false — ora would otherwise put the terminal in raw mode, and Ctrl-C would never reach us.
    start: (step) => spinners.set(key(step), ora({ text: `${opts.verb} ${label(step)}`, stream: process.stderr, discardStdin: false }).start()),
    done: (step) => spinners.get(key(step))?.succeed(`${label(step)}${step.detail ? ` (${step.detail})` : ''}`),
    fail: (step, err) => spinners.get(key(step))?.fail(`${label(step)}: ${err instanceof Error ? err.message : String(err)}`),
    stop: () => {
      for (const spinner of spinners.values()) if (spinner.isSpinning) spinner.stop();
    },
  });
}

/**
 * Runs `work` (applying a plan) so that Ctrl-C or SIGTERM stops it at once with exit 130 and says where it
 * stopped and that running the command again finishes the job (deploy and delete are idempotent).
 */
export async function interruptible<T>(reporter: TrackingReporter, again: string, work: () => Promise<T>): Promise<T> {
  const stop = (signal: NodeJS.Signals) => {
    reporter.stop();
    const { current, finished } = reporter.position();
    const where = current ? `during ${current.kind} ${current.name}` : 'between steps';
    process.stderr.write(
      `\nInterrupted (${signal}) ${where}, after ${finished} step${finished === 1 ? '' : 's'}. ` +
        `What was done stays; run \`${again}\` again to finish — it does only what is left.\n`,
    );
    process.exit(130);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** The plan as an aligned table. */
export function renderPlan(steps: PlanStep[]): string {
  const rows = steps.map((s) => [s.action, s.kind, s.name, s.detail]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.slice(0, 3).map((c, i) => c.padEnd(widths[i]!)).join('  ')}  ${r[3]}`).join('\n');
}
