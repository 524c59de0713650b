import { describe, expect, it } from 'vitest';
import { applyPlan, BlockedPlanError, type StepOperation, type StepReporter } from '../../src/deploy/apply.js';
import { deployDependencies } from '../../src/deploy/deploy.js';
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

describe('applyPlan() by dependencies (deploy)', () => {
  /** An operation whose steps finish only when the test says so, recording what runs at the same time. */
  function gated() {
    const waiting = new Map<string, () => void>();
    const log: string[] = [];
    const operate: StepOperation = (s) =>
      new Promise((resolve, reject) => {
        log.push(`start ${s.kind} ${s.name}`);
        waiting.set(s.name, () => (s.name.startsWith('bad') ? reject(new Error(`${s.name} failed`)) : resolve()));
      });
    const finish = async (name: string) => {
      const release = waiting.get(name);
      if (!release) throw new Error(`${name} is not running (running: ${[...waiting.keys()].join(', ')})`);
      waiting.delete(name);
      release();
      await new Promise((resolve) => setImmediate(resolve));
    };
    const reporter: StepReporter = { start: () => {}, done: (s) => log.push(`done ${s.name}`), fail: (s) => log.push(`fail ${s.name}`) };
    return { operate, finish, reporter, log, running: () => [...waiting.keys()].sort() };
  }
  const s = (kind: PlanStep['kind'], name: string, action: PlanStep['action'] = 'create'): PlanStep => ({ kind, name, action, detail: '' });
  const plan = [s('role', 'r1'), s('role', 'r2'), s('group', 'g1'), s('topic', 't1'), s('topic', 't2'), s('oss', 'bucket', 'check'), s('service', 'svc'), s('function', 'fn'), s('trigger', 'tr')];

  it('starts the independent steps at once and each dependent one as soon as what it needs is done', async () => {
    const g = gated();
    const applying = applyPlan(plan, g.operate, g.reporter, deployDependencies(['t1', 't2']));
    await new Promise((resolve) => setImmediate(resolve));
    expect(g.running()).toEqual(['bucket', 'g1', 'r1', 'r2', 't1', 't2']);
    await g.finish('r1');
    expect(g.running()).not.toContain('svc');
    await g.finish('r2');
    expect(g.running()).not.toContain('svc');
    await g.finish('bucket');
    expect(g.running()).toContain('svc');
    await g.finish('svc');
    expect(g.running()).toContain('fn');
    await g.finish('fn');
    for (const name of ['g1', 't1']) await g.finish(name);
    expect(g.running()).toEqual(['t2']);
    await g.finish('t2');
    expect(g.running()).toEqual(['tr']);
    await g.finish('tr');
    const result = await applying;
    expect(result.applied.map((p) => p.name)).toEqual(plan.map((p) => p.name));
  });

  it('lets the trigger wait only for the topics the running connector writes to, and starts those topics first', async () => {
    const g = gated();
    const topics = [s('topic', 'offset'), s('topic', 'config'), s('topic', 'status'), s('topic', 'error')];
    const applying = applyPlan([...topics, s('group', 'g1'), s('function', 'fn'), s('trigger', 'tr')], g.operate, g.reporter, deployDependencies(['error']));
    await new Promise((resolve) => setImmediate(resolve));
    // the calls of one action queue in the order they start (src/cloud/pacer.ts): the topic the trigger needs goes first
    expect(g.log.filter((line) => line.startsWith('start topic'))).toEqual(['start topic error', 'start topic offset', 'start topic config', 'start topic status']);
    for (const name of ['g1', 'fn', 'error']) await g.finish(name);
    expect(g.running()).toEqual(['config', 'offset', 'status', 'tr']);
    for (const name of ['tr', 'offset', 'config', 'status']) await g.finish(name);
    expect((await applying).applied).toHaveLength(7);
  });

  it('starts nothing more after a failure, lets the steps under way finish, and rethrows', async () => {
    const g = gated();
    const failing = [s('role', 'r1'), s('topic', 'bad-topic'), s('topic', 't2'), s('service', 'svc'), s('trigger', 'tr')];
    const applying = applyPlan(failing, g.operate, g.reporter, deployDependencies(['bad-topic', 't2'])).catch((e: Error) => e);
    await new Promise((resolve) => setImmediate(resolve));
    await g.finish('bad-topic');
    await g.finish('r1');
    expect(g.running()).toEqual(['t2']);
    await g.finish('t2');
    expect(await applying).toMatchObject({ message: 'bad-topic failed' });
    expect(g.log).not.toContain('start service svc');
    expect(g.log).toContain('done t2');
  });
});
