import type { ObservedState } from './observe.js';

/**
 * The console's prerequisites of a connector that the APIs can tell, observed before deploy changes anything
 * (README, "Prerequisites"): a step that one of them fails is blocked.
 */
export interface Prerequisites {
  /** GetInstanceList ServiceStatus of the instance; undefined when the answer holds none. */
  instanceStatus: number | undefined;
}

/** What deploy's plan compares the desired state with: the resources, and the prerequisites. */
export type DeployObservation = ObservedState & { prerequisites: Prerequisites };
