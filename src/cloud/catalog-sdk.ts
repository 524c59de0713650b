import { randomUUID } from 'node:crypto';
import { AlikafkaApi } from './alikafka.js';
import type { AccessProbe, CloudCatalog, ConnectorRecord } from '../definition/catalog.js';
import { toCloudApiError } from './cloud-error.js';
import { createOssBucketClient, OssError } from './oss.js';
import { accountOssClient, listBuckets } from './oss-account.js';
import { resolveCloudTarget, type CloudTarget } from './target.js';
import { VpcApi } from './vpc.js';
import { LogServiceApi } from './log-service.js';
import { recordOfGroup } from '../definition/record.js';

/** The CloudCatalog over the official SDKs, for Alibaba Cloud or the local cloud alike. */
export function catalogFor(target: CloudTarget): CloudCatalog {
  const alikafka = new AlikafkaApi(target);
  const vpc = new VpcApi(target);
  // The live checks ask for an instance's groups and its connectors at once: one GetConsumerList serves both
  // (alikafka allows each API a few calls a second, and every call costs a round trip).
  const groupsInFlight = new Map<string, ReturnType<AlikafkaApi['listConsumerGroups']>>();
  const listConsumerGroups = (instanceId: string) => {
    let call = groupsInFlight.get(instanceId);
    if (!call) {
      call = alikafka.listConsumerGroups(instanceId).finally(() => groupsInFlight.delete(instanceId));
      groupsInFlight.set(instanceId, call);
    }
    return call;
  };
  return {
    regionId: target.regionId,
    listInstances: () => alikafka.listInstances(),
    listTopics: (instanceId) => alikafka.listTopics(instanceId),
    listConsumerGroups,
    listBuckets: () => listBuckets(target),
    getVSwitch: (id) => vpc.getVSwitch(id),
    async listConnectors(instanceId): Promise<ConnectorRecord[]> {
      const groups = await listConsumerGroups(instanceId);
      return groups.map((g) => recordOfGroup(g, instanceId)).filter((r): r is ConnectorRecord => r !== undefined);
    },
    // As the console's Create Topic panel makes a topic by default: cloud storage (LocalTopic false), delete policy.
    createTopic: (topic) => alikafka.createTopic({ ...topic, localTopic: false, compactTopic: false }),
    createBucket: (name) => createBucket(target, name),
    probeAccess: (bucket, accessKeyId, secret, objectPrefix) => probeAccess(target, bucket, accessKeyId, secret, objectPrefix),
    logProjectExists: (project) => new LogServiceApi(target).projectExists(project),
    logStoreExists: (project, logstore) => new LogServiceApi(target).logStoreExists(project, logstore),
  };
}

export async function createCloudCatalog(opts: { profile?: string; region?: string }): Promise<CloudCatalog> {
  return catalogFor(await resolveCloudTarget(opts));
}

/**
 * OSS PutBucket in the target's region, signed V4 (`oss-<region>`), with OSS's defaults: Standard storage,
 * private ACL (PutBucket, https://help.aliyun.com/zh/oss/developer-reference/putbucket).
 */
async function createBucket(target: CloudTarget, name: string): Promise<void> {
  const client = await accountOssClient(target);
  try {
    await client.putBucket(name);
  } catch (err) {
    const e = err as { code?: string; status?: number; message?: string; requestId?: string };
    throw toCloudApiError('OSS PutBucket', { code: e.code, statusCode: e.status, message: e.message, requestId: e.requestId });
  }
}

/**
 * Puts, reads back and deletes a probe object as the given AccessKey (signed V4), as deploy's OSS check
 * does, so that a wrong secret or a missing permission shows while the user can still fix it. A key
 * that may put and get but not delete passes: the console's minimal policy grants no delete.
 */
async function probeAccess(target: CloudTarget, bucket: string, accessKeyId: string, secret: string, objectPrefix = ''): Promise<AccessProbe> {
  const client = createOssBucketClient({
    bucket, endpoint: target.ossEndpoint, region: target.regionId, accessKeyId, accessKeySecret: secret, timeoutMs: 20_000,
  });
  const name = `${objectPrefix}.kafka-oss-probe-${randomUUID()}`;
  const body = `kafka-oss permission probe ${new Date().toISOString()}`;
  let action = 'PutObject';
  try {
    await client.put(name, body, { contentType: 'text/plain' });
    action = 'GetObject';
    const back = await client.get(name);
    if (back.toString('utf8') !== body) return { ok: false, refusal: 'failed', action, detail: `oss://${bucket}/${name} read back differently from what was written` };
    action = 'DeleteObject';
    await client.delete(name);
    return { ok: true };
  } catch (err) {
    if (action === 'DeleteObject' && err instanceof OssError && err.kind === 'access-denied') return { ok: true, leftBehind: `oss://${bucket}/${name}` };
    const detail = err instanceof Error ? err.message : String(err);
    const kind = err instanceof OssError ? err.kind : 'other';
    const refusal = kind === 'bad-credentials' || kind === 'access-denied' || kind === 'no-such-bucket' ? kind : 'failed';
    return { ok: false, refusal, action, detail };
  }
}
