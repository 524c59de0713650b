import type { StepReporter } from '../deploy/apply.js';
import type { PlanStep } from '../deploy/plan.js';

const label = (step: PlanStep) => `${step.kind.padEnd(8)} ${step.name}`;

/** One spinner per step on a TTY; plain lines otherwise (CI logs). JSON output reports nothing here. */
export async function stepReporter(opts: { json: boolean; tty: boolean; verb: string }): Promise<StepReporter> {
  const write = (line: string) => process.stderr.write(`${line}\n`);
  if (opts.json) return { start: () => {}, done: () => {}, fail: () => {} };
  if (!opts.tty) {
    return {
      start: (step) => write(`${opts.verb} ${label(step)} …`),
      done: (step) => write(`  ✔ ${label(step)}${step.detail ? ` (${step.detail})` : ''}`),
      fail: (step, err) => write(`  ✖ ${label(step)}: ${err instanceof Error ? err.message : String(err)}`),
    };
  }
  const { default: ora } = await import('ora');
  const spinners = new Map<string, ReturnType<typeof ora>>();
  const key = (step: PlanStep) => `${step.kind}/${step.name}`;
  return {
    start: (step) => spinners.set(key(step), ora({ text: `${opts.verb} ${label(step)}`, stream: process.stderr }).start()),
    done: (step) => spinners.get(key(step))?.succeed(`${label(step)}${step.detail ? ` (${step.detail})` : ''}`),
    fail: (step, err) => spinners.get(key(step))?.fail(`${label(step)}: ${err instanceof Error ? err.message : String(err)}`),
  };
}

/** The plan as an aligned table. */
export function renderPlan(steps: PlanStep[]): string {
  const rows = steps.map((s) => [s.action, s.kind, s.name, s.detail]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.slice(0, 3).map((c, i) => c.padEnd(widths[i]!)).join('  ')}  ${r[3]}`).join('\n');
}
