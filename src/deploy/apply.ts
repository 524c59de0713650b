import { KafkaOssError } from '../errors.js';
import { ALREADY_GONE, type PlanStep } from './plan-step.js';

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

/**
 * Applies a plan in order, for deploy and delete alike: nothing at all if a step is blocked; each create,
 * update, delete or check step; nothing for unchanged and drift. A failure stops at that step; everything
 * before it stays, so running the command again resumes from there. A resource found gone when deleting
 * it (someone was quicker) is reported as unchanged, "already gone".
 */
export async function applyPlan(steps: PlanStep[], operate: StepOperation, reporter: StepReporter): Promise<{ warnings: string[]; applied: PlanStep[] }> {
  const blocked = steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) throw new BlockedPlanError(blocked);
  const warnings: string[] = [];
  const applied: PlanStep[] = [];
  for (const step of steps) {
    if (step.action === 'unchanged' || step.action === 'drift') continue;
    reporter.start(step);
    let outcome: StepOutcome;
    try {
      outcome = await operate(step);
    } catch (err) {
      reporter.fail(step, err);
      throw err;
    }
    const finished: PlanStep = outcome?.alreadyGone ? { ...step, action: 'unchanged', detail: ALREADY_GONE } : step;
    warnings.push(...(outcome?.warnings ?? []));
    reporter.done(finished);
    applied.push(finished);
  }
  return { warnings, applied };
}
