import { createHash } from 'node:crypto';
import { AlikafkaApi } from '../cloud/alikafka.js';
import type { InstanceSummary } from '../definition/catalog.js';
import { FcApi } from '../cloud/fc.js';
import { accountIdOfArn, ResourceManagerApi } from '../cloud/resourcemanager.js';
import type { CloudTarget } from '../cloud/target.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import { UsageError } from '../errors.js';
import { listBuckets } from '../cloud/oss-account.js';
import { VpcApi } from '../cloud/vpc.js';
import type { AlikafkaPort, BucketsPort, FcPort, RolesPort, VpcPort } from './ports.js';
import { ACCOUNT_ROLE_NAMES, FC_SERVICE_ROLE, SERVICE_LINKED_ROLES } from './resources.js';

/**
 * The cloud clients and facts that deploy, describe and delete share for one connector. This is where the
 * SDK adapters of src/cloud are bound to the ports (assigning them checks that they fit).
 */
export interface ConnectorSession {
  target: CloudTarget;
  alikafka: AlikafkaPort;
  roles: RolesPort;
  vpc: VpcPort;
  buckets: BucketsPort;
  /** As GetInstanceList reports it, whatever its status. */
  instance: InstanceSummary;
  /** Known from the environment, the profile, or an existing service-linked role's ARN. */
  accountId?: string;
  fc?: FcPort;
}

/** The definition names an instance the region does not have: bad input (exit 2). */
export class UnknownInstanceError extends UsageError {}

export async function openSession(target: CloudTarget, definition: Pick<ConnectorDefinition, 'instanceId'>): Promise<ConnectorSession> {
  const alikafka = new AlikafkaApi(target);
  const roles = new ResourceManagerApi(target);
  const instances = await alikafka.listInstances({ anyStatus: true });
  const instance = instances.find((i) => i.instanceId === definition.instanceId);
  if (!instance) {
    throw new UnknownInstanceError(`--instance-id: instance ${definition.instanceId} is not in region ${target.regionId} (the region has: ${instances.map((i) => i.instanceId).join(', ') || 'none'})`);
  }
  const session: ConnectorSession = { target, alikafka, roles, vpc: new VpcApi(target), buckets: { listBuckets: () => listBuckets(target) }, instance };
  const accountId = process.env.ALIBABA_CLOUD_ACCOUNT_ID || (await accountIdFromRoles(roles));
  if (accountId) withAccount(session, accountId);
  return session;
}

/** The account id named by the ARN of any existing role of the connector's (service-linked, or FC's service role). */
export async function accountIdFromRoles(roles: Pick<RolesPort, 'getRole'>): Promise<string | undefined> {
  for (const roleName of ACCOUNT_ROLE_NAMES) {
    const role = await roles.getRole(roleName);
    const id = role && accountIdOfArn(role.arn);
    if (id) return id;
  }
  return undefined;
}

export function withAccount(session: ConnectorSession, accountId: string): ConnectorSession {
  session.accountId = accountId;
  session.fc = new FcApi(session.target, accountId);
  return session;
}

/** Creates the service-linked roles and FC's service role (they name the account, which FC's endpoint needs). */
export async function ensureRolesAndAccount(session: ConnectorSession): Promise<string> {
  let accountId: string | undefined;
  for (const { serviceName, roleName } of SERVICE_LINKED_ROLES) {
    const { role } = await session.roles.ensureServiceLinkedRole(serviceName, roleName);
    accountId ??= accountIdOfArn(role.arn);
  }
  const fcRole = await session.roles.ensureServiceRole(FC_SERVICE_ROLE);
  accountId ??= accountIdOfArn(fcRole.role.arn);
  if (!accountId) throw new Error('the roles do not name the account (no acs:ram::<account> ARN); set ALIBABA_CLOUD_ACCOUNT_ID');
  withAccount(session, accountId);
  return accountId;
}

export function digestOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
