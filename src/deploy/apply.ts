import type { DesiredState } from './resources.js';
import type { CloudApis } from './observe.js';
import type { PlanStep } from './plan.js';
import { SERVICE_LINKED_ROLES, TOPIC_REMARK } from './resources.js';
import { KafkaOssError } from '../errors.js';

export interface StepReporter {
  start(step: PlanStep): void;
  done(step: PlanStep, note?: string): void;
  fail(step: PlanStep, error: unknown): void;
}

export class BlockedPlanError extends KafkaOssError {
  constructor(readonly blocked: PlanStep[]) {
    super(`deploy cannot go on:\n${blocked.map((s) => `  - ${s.kind} ${s.name}: ${s.detail}`).join('\n')}`);
  }
}

/**
 * Applies a plan in order: each create/update/check step, nothing for the unchanged ones. A failure
 * stops at that step; everything before it stays, so the next deploy resumes from there.
 */
export async function applyPlan(
  steps: PlanStep[],
  desired: DesiredState,
  apis: Required<CloudApis>,
  checkOss: () => Promise<{ warnings: string[] }>,
  reporter: StepReporter,
): Promise<{ warnings: string[]; applied: PlanStep[] }> {
  const blocked = steps.filter((s) => s.action === 'blocked');
  if (blocked.length > 0) throw new BlockedPlanError(blocked);
  const warnings: string[] = [];
  const applied: PlanStep[] = [];
  const serviceName = desired.service.serviceName;
  for (const step of steps) {
    if (step.action === 'unchanged' || step.action === 'drift') continue;
    reporter.start(step);
    try {
      switch (step.kind) {
        case 'role': {
          const role = SERVICE_LINKED_ROLES.find((r) => r.roleName === step.name)!;
          await apis.resourceManager.ensureServiceLinkedRole(role.serviceName, role.roleName);
          break;
        }
        case 'group': {
          const group = desired.groups.find((g) => g.consumerId === step.name)!;
          await apis.alikafka.createConsumerGroup(desired.instanceId, group.consumerId, { remark: group.remark, tags: group.tags });
          break;
        }
        case 'topic': {
          const topic = desired.topics.find((t) => t.name === step.name)!;
          await apis.alikafka.createTopic({ instanceId: desired.instanceId, topic: topic.name, remark: TOPIC_REMARK, partitionNum: topic.partitionNum, localTopic: topic.localTopic, compactTopic: topic.compactTopic });
          break;
        }
        case 'oss':
          warnings.push(...(await checkOss()).warnings);
          break;
        case 'service':
          if (step.action === 'create') await apis.fc.createService(desired.service);
          else await apis.fc.updateService(desired.service);
          break;
        case 'function':
          if (step.action === 'create') await apis.fc.createFunction(serviceName, desired.function);
          else await apis.fc.updateFunction(serviceName, desired.function);
          break;
        case 'trigger':
          if (step.action === 'create') await apis.fc.createTrigger(serviceName, desired.function.functionName, desired.trigger);
          else await apis.fc.updateTrigger(serviceName, desired.function.functionName, desired.trigger);
          break;
      }
    } catch (err) {
      reporter.fail(step, err);
      throw err;
    }
    reporter.done(step);
    applied.push(step);
  }
  return { warnings, applied };
}
