import type { StepOperation } from './apply.js';
import type { PlanStep } from './plan-step.js';
import type { AlikafkaPort, FcPort } from './ports.js';
import { FUNCTION_NAME } from './resources.js';

export interface DeletePorts {
  alikafka: AlikafkaPort;
  /** Absent when FC's account is not known; the plan then has no FC step to delete. */
  fc?: FcPort;
}

/** How each step of a delete plan is carried out. FC answers whether the resource was still there. */
export function deleteStepOperation(where: { instanceId: string; serviceName: string }, ports: DeletePorts): StepOperation {
  const { instanceId, serviceName } = where;
  const fc = () => {
    if (!ports.fc) throw new Error("FC's account is not known: cannot delete FC resources");
    return ports.fc;
  };
  return async (step: PlanStep) => {
    if (step.action !== 'delete') throw new Error(`delete cannot ${step.action} a ${step.kind}`);
    switch (step.kind) {
      case 'trigger':
        return { alreadyGone: !(await fc().deleteTrigger(serviceName, FUNCTION_NAME, step.name)) };
      case 'function':
        return { alreadyGone: !(await fc().deleteFunction(serviceName, step.name)) };
      case 'service':
        return { alreadyGone: !(await fc().deleteService(step.name)) };
      case 'topic':
        await ports.alikafka.deleteTopic(instanceId, step.name);
        return;
      case 'group':
        await ports.alikafka.deleteConsumerGroup(instanceId, step.name);
        return;
      default:
        throw new Error(`delete never removes a ${step.kind} (${step.name})`);
    }
  };
}
