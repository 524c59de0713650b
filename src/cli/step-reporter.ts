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

/**
 * Progress of a plan's steps: on a TTY one spinner naming every step under way (steps may run at once) and a
 * line per finished step; plain lines otherwise (CI logs). JSON output reports nothing here.
 */
export async function stepReporter(opts: { json: boolean; tty: boolean; verb: string }): Promise<TrackingReporter> {
  const inFlight = new Map<string, PlanStep>();
  let finished = 0;
  const key = (step: PlanStep) => `${step.kind}/${step.name}`;
  const track = (inner: StepReporter & { stop?: () => void }): TrackingReporter => ({
    start: (step) => {
      inFlight.set(key(step), step);
      inner.start(step);
    },
    done: (step, note) => {
      inFlight.delete(key(step));
      finished += 1;
      inner.done(step, note);
    },
    fail: (step, err) => {
      inFlight.delete(key(step));
      inner.fail(step, err);
    },
    position: () => {
      const [current] = inFlight.values();
      return { ...(current ? { current } : {}), finished };
    },
    stop: () => inner.stop?.(),
  });
  const write = (line: string) => process.stderr.write(`${line}\n`);
  const doneLine = (step: PlanStep) => `${label(step)}${step.detail ? ` (${step.detail})` : ''}`;
  const failLine = (step: PlanStep, err: unknown) => `${label(step)}: ${err instanceof Error ? err.message : String(err)}`;
  if (opts.json) return track({ start: () => {}, done: () => {}, fail: () => {} });
  if (!opts.tty) {
    return track({
      start: (step) => write(`${opts.verb} ${label(step)} …`),
      done: (step) => write(`  ✔ ${doneLine(step)}`),
      fail: (step, err) => write(`  ✖ ${failLine(step, err)}`),
    });
  }
  const { default: ora } = await import('ora');
  // discardStdin: false — ora would otherwise put the terminal in raw mode, and Ctrl-C would never reach us.
  const spinner = ora({ stream: process.stderr, discardStdin: false });
  const running = new Map<string, PlanStep>();
  const refresh = () => {
    if (running.size === 0) return;
    const names = [...running.values()].map((s) => `${s.kind} ${s.name}`);
    spinner.text = `${opts.verb} ${names.length === 1 ? names[0] : `${names.length} steps: ${names.join(', ')}`}`;
    if (!spinner.isSpinning) spinner.start();
  };
  const finish = (step: PlanStep, symbol: string, text: string) => {
    running.delete(key(step));
    spinner.stopAndPersist({ symbol, text });
    refresh();
  };
  return track({
    start: (step) => {
      running.set(key(step), step);
      refresh();
    },
    done: (step) => finish(step, '✔', doneLine(step)),
    fail: (step, err) => finish(step, '✖', failLine(step, err)),
    stop: () => {
      if (spinner.isSpinning) spinner.stop();
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
