import type { StepOperation } from './apply.js';
import type { PlanStep } from './plan-step.js';
import type { AlikafkaPort, FcPort, RolesPort } from './ports.js';
import { FC_SERVICE_ROLE, SERVICE_LINKED_ROLES, TOPIC_REMARK, type DesiredState } from './resources.js';
import { explainTriggerFailure } from './trigger-failure.js';

export interface DeployPorts {
  alikafka: AlikafkaPort;
  roles: RolesPort;
  fc: FcPort;
  /** The bucket check: proves the connector's AccessKey can write the bucket (oss-probe.ts). */
  checkOss(): Promise<{ warnings: string[] }>;
}

/** How each step of a deploy plan is carried out: the calls that make `desired` exist. */
export function deployStepOperation(desired: DesiredState, ports: DeployPorts): StepOperation {
  if (!desired.accessKeySecretGiven) throw new Error('a deploy plan made without the AccessKey secret cannot be applied');
  const serviceName = desired.service.serviceName;
  return async (step: PlanStep) => {
    if (step.action !== 'create' && step.action !== 'update' && step.action !== 'check') throw new Error(`deploy cannot ${step.action} a ${step.kind}`);
    const creating = step.action === 'create';
    switch (step.kind) {
      case 'role': {
        const linked = SERVICE_LINKED_ROLES.find((r) => r.roleName === step.name);
        await (linked ? ports.roles.ensureServiceLinkedRole(linked.serviceName, linked.roleName) : ports.roles.ensureServiceRole(FC_SERVICE_ROLE));
        return;
      }
      case 'group': {
        const group = desired.groups.find((g) => g.consumerId === step.name)!;
        await ports.alikafka.createConsumerGroup(desired.instanceId, group.consumerId, { remark: group.remark, tags: group.tags });
        return;
      }
      case 'topic': {
        const topic = desired.topics.find((t) => t.name === step.name)!;
        await ports.alikafka.createTopic({ instanceId: desired.instanceId, topic: topic.name, remark: TOPIC_REMARK, partitionNum: topic.partitionNum, localTopic: topic.localTopic, compactTopic: topic.compactTopic });
        return;
      }
      case 'oss':
        return { warnings: (await ports.checkOss()).warnings };
      case 'fc':
        await ports.fc.getAccountSettings();
        return;
      case 'service':
        await (creating ? ports.fc.createService(desired.service) : ports.fc.updateService(desired.service));
        return;
      case 'function':
        await (creating ? ports.fc.createFunction(serviceName, desired.function) : ports.fc.updateFunction(serviceName, desired.function));
        return;
      case 'trigger': {
        const functionName = desired.function.functionName;
        const call = creating ? ports.fc.createTrigger(serviceName, functionName, desired.trigger) : ports.fc.updateTrigger(serviceName, functionName, desired.trigger);
        // EventBridge not activated, or one of its roles missing: say so and where to fix it, not only the raw error
        await call.catch((err: unknown) => {
          throw explainTriggerFailure(err);
        });
        return;
      }
    }
  };
}
