/**
 * What a step acts on. `oss` is the bucket; deploy only checks it, delete never touches it. `instance` (the Kafka
 * instance) and `fc` (Function Compute in the region) are never changed: their steps say whether deploy can go on
 * (the instance running, FC answering) and what the instance's edition means for the topics.
 */
export type StepKind = 'instance' | 'role' | 'group' | 'topic' | 'oss' | 'fc' | 'service' | 'function' | 'trigger';

/**
 * create / update / delete change the resource; check runs a probe; unchanged and drift change nothing
 * (drift: it exists but differs from a recommendation); blocked stops the whole plan before anything is done.
 */
export type StepAction = 'create' | 'update' | 'delete' | 'unchanged' | 'drift' | 'blocked' | 'check';

/** One line of a plan: the same object is printed by --dry-run, reported while applying, and returned as JSON. */
export interface PlanStep {
  kind: StepKind;
  name: string;
  action: StepAction;
  detail: string;
}

/** Whether applying the step changes the resource (what "N resources changed" counts). */
export const changesSomething = (step: PlanStep): boolean => step.action === 'create' || step.action === 'update' || step.action === 'delete';

/** The detail of a resource that delete finds already removed. */
export const ALREADY_GONE = 'already gone';
