import { KafkaOssError } from '../errors.js';
import { ALREADY_GONE, type PlanStep, type StepKind } from './plan-step.js';

export interface StepReporter {
  start(step: PlanStep): void;
  done(step: PlanStep, note?: string): void;
  fail(step: PlanStep, error: unknown): void;
}

export class BlockedPlanError extends KafkaOssError {
  constructor(readonly blocked: PlanStep[]) {
    super(`the plan cannot go on:\n${blocked.map((s) => `  - ${s.kind} ${s.name}: ${s.detail}`).join('\n')}`);
  }
}

/** What carrying out one step found: warnings to show, or that the resource to delete was gone already. */
export type StepOutcome = { warnings?: string[]; alreadyGone?: boolean } | void;

/** Carries out one create, update, delete or check step against the cloud (deploy-steps.ts, delete-steps.ts). */
export type StepOperation = (step: PlanStep) => Promise<StepOutcome>;

/** Whether `step` must wait until `other` is finished. */
export type StepDependencies = (step: PlanStep, other: PlanStep) => boolean;

/** One after the other, in the plan's order (delete's reverse order, or anything with no known dependencies). */
export const IN_ORDER: StepDependencies | undefined = undefined;

/**
 * Applies a plan, for deploy and delete alike: nothing at all if a step is blocked; each create, update, delete
 * or check step; nothing for unchanged and drift. In the plan's order, or — with `dependsOn` — each step as soon
 * as the steps it depends on are done, so independent ones run at once. A failure starts nothing more, lets the
 * steps under way finish and is rethrown; everything done stays, so running the command again resumes. A resource
 * found gone when deleting it (someone was quicker) is reported as unchanged, "already gone".
 */
export async function applyPlan(
  steps: PlanStep[],
  operate: StepOperation,
  reporter: StepReporter,
  dependsOn: StepDependencies | undefined = IN_ORDER,
): Promise<{ warnings: string[]; applied: PlanStep[] }> {
  const blocked = steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) throw new BlockedPlanError(blocked);
  const todo = steps.filter((s) => s.action !== 'unchanged' && s.action !== 'drift');
  const warnings: string[] = [];
  const finished = new Map<PlanStep, PlanStep>();
  const run = async (step: PlanStep) => {
    reporter.start(step);
    let outcome: StepOutcome;
    try {
      outcome = await operate(step);
    } catch (err) {
      reporter.fail(step, err);
      throw err;
    }
    const result: PlanStep = outcome?.alreadyGone ? { ...step, action: 'unchanged', detail: ALREADY_GONE } : step;
    warnings.push(...(outcome?.warnings ?? []));
    reporter.done(result);
    finished.set(step, result);
  };
  if (dependsOn) await runByDependencies(todo, dependsOn, run);
  else for (const step of todo) await run(step);
  return { warnings, applied: todo.filter((s) => finished.has(s)).map((s) => finished.get(s)!) };
}

/**
 * Starts every step whose dependencies are done, again each time one finishes; the first failure wins. Of the steps
 * ready together, those that others wait for start first: calls of one action queue behind each other
 * (src/cloud/pacer.ts), so the topic a trigger needs is created before the topics nothing waits for.
 */
async function runByDependencies(todo: PlanStep[], dependsOn: StepDependencies, run: (step: PlanStep) => Promise<void>): Promise<void> {
  const pending = new Set(todo);
  const running = new Map<PlanStep, Promise<void>>();
  const done = new Set<PlanStep>();
  let failure: { error: unknown } | undefined;
  const ready = (step: PlanStep) => todo.every((other) => other === step || !dependsOn(step, other) || done.has(other));
  const waitedFor = new Map(todo.map((step) => [step, todo.filter((other) => other !== step && dependsOn(other, step)).length]));
  const mostWaitedForFirst = (a: PlanStep, b: PlanStep) => waitedFor.get(b)! - waitedFor.get(a)!;
  while (pending.size > 0 || running.size > 0) {
    if (!failure) {
      for (const step of [...pending].filter(ready).sort(mostWaitedForFirst)) {
        pending.delete(step);
        running.set(step, run(step).then(
          () => void done.add(step),
          (error: unknown) => void (failure ??= { error }),
        ).finally(() => running.delete(step)));
      }
    }
    if (running.size === 0) {
      if (failure || pending.size === 0) break;
      throw new Error(`the plan's steps wait on each other: ${[...pending].map((s) => `${s.kind} ${s.name}`).join(', ')}`);
    }
    await Promise.race(running.values());
  }
  if (failure) throw failure.error;
}
