import type { ConnectorDefinition } from '../definition/definition.js';
import { applyPlan, type StepReporter } from './apply.js';
import { deleteStepOperation } from './delete-steps.js';
import { observe } from './observe.js';
import { planDelete } from './plan-delete.js';
import { changesSomething, type PlanStep } from './plan-step.js';
import { serviceNameOf } from './resources.js';
import type { ConnectorSession } from './session.js';

export interface DeleteResult {
  /** The plan that was applied. */
  steps: PlanStep[];
  /** The steps that removed something. */
  changed: PlanStep[];
}

export interface PreparedDelete {
  /** The delete plan against what exists now (see planDelete). */
  steps: PlanStep[];
  /** Applies it with deploy's applier; a delete that failed part-way is finished by the next one. */
  apply(reporter: StepReporter): Promise<DeleteResult>;
}

/** Plans the removal of a connector's resources against what exists. */
export async function prepareDelete(session: ConnectorSession, definition: ConnectorDefinition): Promise<PreparedDelete> {
  const where = { instanceId: definition.instanceId, serviceName: serviceNameOf(definition.name) };
  const steps = planDelete(definition, await observe(session, where));
  return {
    steps,
    async apply(reporter) {
      const { applied } = await applyPlan(steps, deleteStepOperation(where, session), reporter);
      return { steps, changed: applied.filter(changesSomething) };
    },
  };
}

/** Plans and applies a delete at once. */
export async function destroyConnector(session: ConnectorSession, definition: ConnectorDefinition, reporter: StepReporter): Promise<DeleteResult> {
  return (await prepareDelete(session, definition)).apply(reporter);
}
