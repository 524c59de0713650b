import { describe, expect, it } from 'vitest';
import { applyPlan, BlockedPlanError, type StepOperation, type StepReporter } from '../../src/deploy/apply.js';
import type { PlanStep } from '../../src/deploy/plan-step.js';

/** The applier's own rules, with an operation that records what it is asked to do (the cloud calls are the e2e's). */
function recording(outcomes: Record<string, Awaited<ReturnType<StepOperation>> | Error> = {}) {
  const asked: string[] = [];
  const reported: string[] = [];
  const operate: StepOperation = async (step) => {
    asked.push(`${step.action} ${step.name}`);
    const outcome = outcomes[step.name];
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  const reporter: StepReporter = {
    start: (s) => reported.push(`start ${s.name}`),
    done: (s) => reported.push(`done ${s.name} ${s.action} ${s.detail}`),
    fail: (s, e) => reported.push(`fail ${s.name} ${(e as Error).message}`),
  };
  return { asked, reported, operate, reporter };
}

const step = (action: PlanStep['action'], name: string): PlanStep => ({ kind: 'topic', name, action, detail: `${action} it` });

describe('applyPlan()', () => {
  it('does nothing at all when a step is blocked, and names every blocked step', async () => {
    const r = recording();
    const err = await applyPlan([step('create', 'a'), step('blocked', 'b'), step('blocked', 'c')], r.operate, r.reporter).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BlockedPlanError);
    expect((err as BlockedPlanError).blocked.map((s) => s.name)).toEqual(['b', 'c']);
    expect(r.asked).toEqual([]);
  });

  it('carries out create, update, delete and check steps in order and skips unchanged and drift', async () => {
    const r = recording({ c: { warnings: ['careful'] } });
    const result = await applyPlan([step('delete', 'a'), step('unchanged', 'x'), step('update', 'b'), step('drift', 'y'), step('check', 'c'), step('create', 'd')], r.operate, r.reporter);
    expect(r.asked).toEqual(['delete a', 'update b', 'check c', 'create d']);
    expect(result.applied.map((s) => s.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(result.warnings).toEqual(['careful']);
  });

  it('reports a resource found gone while deleting it as unchanged, "already gone"', async () => {
    const r = recording({ a: { alreadyGone: true } });
    const result = await applyPlan([step('delete', 'a'), step('delete', 'b')], r.operate, r.reporter);
    expect(result.applied).toEqual([{ kind: 'topic', name: 'a', action: 'unchanged', detail: 'already gone' }, step('delete', 'b')]);
    expect(r.reported).toContain('done a unchanged already gone');
  });

  it('stops at a failing step: what came before stays done, nothing after is tried', async () => {
    const r = recording({ b: new Error('quota exceeded') });
    await expect(applyPlan([step('create', 'a'), step('create', 'b'), step('create', 'c')], r.operate, r.reporter)).rejects.toThrow('quota exceeded');
    expect(r.asked).toEqual(['create a', 'create b']);
    expect(r.reported).toEqual(['start a', 'done a create create it', 'start b', 'fail b quota exceeded']);
  });
});
