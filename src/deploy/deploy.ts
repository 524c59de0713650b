import { createOssBucketClient } from '../cloud/oss.js';
import { loadSinkBundle } from '../sink/bundle.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import { applyPlan, BlockedPlanError, type StepDependencies, type StepReporter } from './apply.js';
import { deployStepOperation } from './deploy-steps.js';
import { observe } from './observe.js';
import { probeOss } from './oss-probe.js';
import { plan } from './plan.js';
import { fcReachable, observePrerequisites } from './prerequisites.js';
import { changesSomething, type PlanStep, type StepKind } from './plan-step.js';
import { desiredState, type DesiredState } from './resources.js';
import { digestOf, ensureRolesAndAccount, type ConnectorSession } from './session.js';

export interface DeployResult {
  /** The plan that was applied. */
  steps: PlanStep[];
  /** The steps that changed something (created or updated), roles included. */
  changed: PlanStep[];
  warnings: string[];
}

const ACCOUNT_PLACEHOLDER = '<account-id>';

/**
 * What each kind of deploy step waits for; everything else runs at once (only calls of one action queue, as the
 * service's flow control asks: src/cloud/pacer.ts). Roles, groups, topics and the OSS check depend on nothing;
 * FC comes after the OSS check (a key that cannot write the bucket stops deploy before a function holds it) and
 * the roles (the service runs as aliyunfcdefaultrole); the function lives in the service; the trigger's event
 * stream needs EventBridge's roles, the task group, and the topics the running connector writes to running: its
 * dead-letter topic and the function's error topic. The offset, config and status topics are made for the
 * console's sake (nothing of this connector reads them), so the trigger does not wait for them.
 */
const DEPLOY_DEPENDENCIES: Record<StepKind, readonly StepKind[]> = {
  instance: [], role: [], group: [], topic: [], oss: [], fc: ['role'],
  service: ['role', 'fc', 'oss'],
  function: ['service'],
  trigger: ['role', 'group', 'topic', 'function'],
};

/** Deploy's step dependencies for a connector whose running parts write to `topicsInUse`. */
export function deployDependencies(topicsInUse: readonly string[]): StepDependencies {
  return (step, other) =>
    DEPLOY_DEPENDENCIES[step.kind].includes(other.kind) && (step.kind !== 'trigger' || other.kind !== 'topic' || topicsInUse.includes(other.name));
}

export interface PreparedDeploy {
  /** The plan against what exists now. */
  steps: PlanStep[];
  /** Applies it (re-planning FC once the roles have named the account, when it was not known). */
  apply(reporter: StepReporter): Promise<DeployResult>;
}

/**
 * Plans the connector's resources against what exists. Idempotent: applying a plan whose resources
 * all exist changes nothing; a run that failed part-way is completed by the next one.
 *
 * `accessKeySecret` undefined (a dry run that was not given it) plans everything else exactly as a deploy
 * would and says the secret could not be compared; such a plan cannot be applied.
 */
export async function prepareDeploy(session: ConnectorSession, definition: ConnectorDefinition, accessKeySecret: string | undefined): Promise<PreparedDeploy> {
  const { target, instance } = session;
  const bundle = await loadSinkBundle();
  const desiredFor = (accountId: string) =>
    desiredState({
      definition,
      instance,
      regionId: target.regionId,
      accountId,
      ossEndpoint: target.local ? target.ossEndpoint : `https://oss-${target.regionId}-internal.aliyuncs.com`,
      bootstrapServers: instance.endpoints.plaintext ?? '',
      accessKeySecret,
      bundle,
      bundleDigest: digestOf(bundle),
    });
  const planFor = async (desired: DesiredState) => {
    const where = { instanceStatus: instance.serviceStatus, vSwitchId: desired.service.vpcConfig?.vSwitchIds[0] ?? '', bucket: definition.bucket };
    const prerequisites = await observePrerequisites(session, where);
    // FC's resources are asked for only when FC answers at all.
    const ports = { alikafka: session.alikafka, roles: session.roles, ...(session.fc && fcReachable(prerequisites) ? { fc: session.fc } : {}) };
    const observed = await observe(ports, { instanceId: desired.instanceId, serviceName: desired.service.serviceName });
    return plan(desired, { ...observed, prerequisites });
  };
  let desired = desiredFor(session.accountId ?? ACCOUNT_PLACEHOLDER);
  let steps = await planFor(desired);

  return {
    steps,
    async apply(reporter) {
      if (accessKeySecret === undefined) throw new Error('deploy needs the AccessKey secret to apply its plan');
      // Nothing is created, roles included, while the plan is blocked.
      const blocked = steps.filter((s) => s.action === 'blocked');
      if (blocked.length > 0) throw new BlockedPlanError(blocked);
      const roleSteps = session.fc ? [] : steps.filter((s) => s.kind === 'role' && s.action === 'create');
      if (!session.fc) {
        // FC's endpoint names the account, which the service-linked roles reveal: create them first.
        for (const step of roleSteps) reporter.start(step);
        await ensureRolesAndAccount(session);
        for (const step of roleSteps) reporter.done(step);
        desired = desiredFor(session.accountId!);
        steps = await planFor(desired);
      }
      const oss = createOssBucketClient({ bucket: definition.bucket, endpoint: target.ossEndpoint, region: target.regionId, accessKeyId: definition.accessKeyId, accessKeySecret, timeoutMs: 20_000 });
      const operate = deployStepOperation(desired, {
        alikafka: session.alikafka,
        roles: session.roles,
        fc: session.fc!,
        checkOss: () => probeOss({ client: oss, accessKeyId: definition.accessKeyId, connector: definition.name }),
      });
      const topicsInUse = [definition.topics.deadLetter, definition.topics.error];
      const { warnings, applied } = await applyPlan(steps, operate, reporter, deployDependencies(topicsInUse));
      return { steps, changed: [...roleSteps, ...applied.filter(changesSomething)], warnings };
    },
  };
}
