import type { ConnectorDefinition } from '../definition/definition.js';
import type { StepReporter } from './apply.js';
import type { PlanStep } from './plan.js';
import { FUNCTION_NAME, serviceNameOf, TRIGGER_NAME } from './resources.js';
import type { ConnectorSession } from './session.js';

/**
 * Removes a connector's resources in reverse order: trigger, function, service, the internal topics
 * deploy created, the consumer groups (the task group last: it is the connector's record). Never
 * the source topic, never the bucket's objects, never the shared service-linked roles. Whatever is
 * already gone is skipped, so a delete that failed part-way can be run again.
 */
export async function destroyConnector(session: ConnectorSession, definition: ConnectorDefinition, reporter: StepReporter): Promise<PlanStep[]> {
  const done: PlanStep[] = [];
  const run = async (step: PlanStep, action: () => Promise<boolean>) => {
    reporter.start(step);
    try {
      const removed = await action();
      const finished = { ...step, action: removed ? step.action : ('unchanged' as const), detail: removed ? step.detail : 'already gone' };
      reporter.done(finished);
      done.push(finished);
    } catch (err) {
      reporter.fail(step, err);
      throw err;
    }
  };
  const serviceName = serviceNameOf(definition.name);
  const fc = session.fc;
  if (fc) {
    await run({ kind: 'trigger', name: TRIGGER_NAME, action: 'update', detail: 'deleted' }, () => fc.deleteTrigger(serviceName, FUNCTION_NAME, TRIGGER_NAME));
    await run({ kind: 'function', name: FUNCTION_NAME, action: 'update', detail: 'deleted' }, () => fc.deleteFunction(serviceName, FUNCTION_NAME));
    await run({ kind: 'service', name: serviceName, action: 'update', detail: 'deleted' }, () => fc.deleteService(serviceName));
  }
  const instanceId = definition.instanceId;
  if (definition.resources === 'auto') {
    const existing = new Set((await session.alikafka.listTopics(instanceId)).map((t) => t.name));
    const internal = [...new Set(Object.values(definition.topics))].filter((t) => t !== definition.sourceTopic);
    for (const topic of internal) {
      await run({ kind: 'topic', name: topic, action: 'update', detail: 'deleted' }, async () => {
        if (!existing.has(topic)) return false;
        await session.alikafka.deleteTopic(instanceId, topic);
        return true;
      });
    }
  }
  const groups = new Set((await session.alikafka.listConsumerGroups(instanceId)).map((g) => g.consumerId));
  for (const group of [definition.connectorGroup, definition.taskGroup]) {
    await run({ kind: 'group', name: group, action: 'update', detail: 'deleted' }, async () => {
      if (!groups.has(group)) return false;
      await session.alikafka.deleteConsumerGroup(instanceId, group);
      return true;
    });
  }
  return done;
}
