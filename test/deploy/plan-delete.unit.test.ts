import { describe, expect, it } from 'vitest';
import { planDelete } from '../../src/deploy/plan-delete.js';
import type { PlanStep } from '../../src/deploy/plan-step.js';
import { SERVICE_LINKED_ROLES } from '../../src/deploy/resources.js';
import { definitionOf, deployed, desiredOf, nothing } from './states.js';

const lines = (steps: PlanStep[]) => steps.map((s) => `${s.action} ${s.kind} ${s.name}: ${s.detail}`);
const KEPT = [
  'unchanged topic orders: kept: the source topic',
  'unchanged oss plan-bucket: kept: the objects under orders-sink/',
  ...SERVICE_LINKED_ROLES.map((r) => `unchanged role ${r.roleName}: kept: shared by every connector of the account`),
  "unchanged role AliyunFCDefaultRole: kept: FC's service role, shared by every function of the account",
];

describe('planDelete()', () => {
  const definition = definitionOf();
  const desired = desiredOf(definition);

  it('deletes what deploy made in reverse order, the task group (the record) last, and keeps the source topic, the objects and the roles', () => {
    expect(lines(planDelete(definition, deployed(desired)))).toEqual([
      'delete trigger kafka-source: stops the delivery from orders',
      'delete function sink: the sink function and its code',
      "delete service kafka-oss-orders-sink: the connector's FC service",
      'delete topic connect-offset-orders-sink: internal topic of the connector',
      'delete topic connect-config-orders-sink: internal topic of the connector',
      'delete topic connect-status-orders-sink: internal topic of the connector',
      'delete topic connect-error-orders-sink: internal topic of the connector',
      'delete group connect-cluster-orders-sink: connector consumer group',
      "delete group connect-orders-sink: task consumer group and its offsets: the connector's record",
      ...KEPT,
    ]);
  });

  it('plans "already gone" for everything when nothing is left, so running delete again changes nothing', () => {
    const steps = planDelete(definition, nothing());
    expect(steps.filter((s) => s.action !== 'unchanged')).toEqual([]);
    expect(steps.slice(0, 9).map((s) => s.detail)).toEqual(Array(9).fill('already gone'));
  });

  it('finishes a delete that stopped part-way: only what is left is deleted', () => {
    const observed = deployed(desired);
    observed.fc = { service: observed.fc.service! }; // trigger and function were deleted
    observed.topics.delete('connect-offset-orders-sink');
    const deletes = planDelete(definition, observed).filter((s) => s.action === 'delete').map((s) => `${s.kind} ${s.name}`);
    expect(deletes).toEqual(['service kafka-oss-orders-sink', 'topic connect-config-orders-sink', 'topic connect-status-orders-sink', 'topic connect-error-orders-sink', 'group connect-cluster-orders-sink', 'group connect-orders-sink']);
  });

  it('does not ask FC when its account is not known, and says so', () => {
    const { fc: _unknown, ...withoutFc } = deployed(desired);
    const fcSteps = planDelete(definition, withoutFc).slice(0, 3);
    expect(fcSteps.map((s) => s.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(fcSteps[0]!.detail).toContain("FC's account is not known");
  });

  it('keeps the topics in manual mode (the user made them)', () => {
    const manual = definitionOf({ resources: 'manual' });
    const topics = planDelete(manual, deployed(desiredOf(manual))).filter((s) => s.kind === 'topic');
    expect(lines(topics)).toEqual([
      'unchanged topic connect-offset-orders-sink: kept: manual resources, created by you',
      'unchanged topic connect-config-orders-sink: kept: manual resources, created by you',
      'unchanged topic connect-status-orders-sink: kept: manual resources, created by you',
      'unchanged topic connect-error-orders-sink: kept: manual resources, created by you',
      'unchanged topic orders: kept: the source topic',
    ]);
  });

  it('keeps a topic deploy did not create (another remark)', () => {
    const observed = deployed(desired);
    observed.topics.set('connect-status-orders-sink', { ...observed.topics.get('connect-status-orders-sink')!, remark: 'made by hand' });
    expect(lines(planDelete(definition, observed)).find((l) => l.includes('connect-status'))).toBe(
      'unchanged topic connect-status-orders-sink: kept: deploy did not create it (its remark is not "kafka-oss-connector")',
    );
  });

  it('never deletes the source topic, even when the definition names it as an internal topic', () => {
    const odd = { ...definition, topics: { ...definition.topics, error: 'orders', deadLetter: 'orders' } };
    const observed = deployed(desired);
    observed.topics.set('orders', { name: 'orders', partitionNum: 6, localTopic: false, compactTopic: false, remark: 'kafka-oss-connector' });
    const steps = planDelete(odd, observed);
    expect(steps.filter((s) => s.name === 'orders')).toEqual([{ kind: 'topic', name: 'orders', action: 'unchanged', detail: 'kept: the source topic' }]);
  });

  it.each<[string, string, Record<string, string>, string]>([
    ['a task group recorded for another connector', 'connect-orders-sink', { 'kafka-oss:connector': 'other' },
      'blocked group connect-orders-sink: belongs to connector "other" (tag kafka-oss:connector), not "orders-sink"'],
    ['a connector group serving another connector', 'connect-cluster-orders-sink', { 'kafka-oss:connector-group': 'other' },
      'blocked group connect-cluster-orders-sink: belongs to connector "other" (tag kafka-oss:connector-group), not "orders-sink"'],
    ['a task group with no record', 'connect-orders-sink', {}, 'unchanged group connect-orders-sink: kept: deploy did not create it (no kafka-oss:connector tag)'],
    ['a connector group deploy did not create', 'connect-cluster-orders-sink', { team: 'payments' },
      'unchanged group connect-cluster-orders-sink: kept: deploy did not create it (no kafka-oss:connector-group tag)'],
  ])('judges %s', (_what, group, tags, expected) => {
    const observed = deployed(desired);
    observed.groups.set(group, tags);
    expect(lines(planDelete(definition, observed)).find((l) => l.includes(`group ${group}:`))).toBe(expected);
  });
});
