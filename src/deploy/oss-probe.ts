import { randomUUID } from 'node:crypto';
import { createOssBucketClient, OssError } from '../cloud/oss.js';
import { KafkaOssError } from '../errors.js';

/** The console's minimal policy for the connector's AccessKey. */
export function minimalOssPolicy(): string {
  return JSON.stringify({ Version: '1', Statement: [{ Action: ['oss:GetObject', 'oss:PutObject'], Resource: '*', Effect: 'Allow' }] }, null, 2);
}

export class OssPermissionError extends KafkaOssError {}

export interface OssProbeInput {
  bucket: string;
  endpoint: string;
  region: string;
  accessKeyId: string;
  accessKeySecret: string;
  connector: string;
}

/**
 * Proves the connector's AccessKey can write and read the bucket: puts, reads back and deletes a
 * probe object. A key that cannot put or get stops deploy with the minimal policy; one that cannot
 * delete is only a warning (the console's policy does not grant it).
 */
export async function probeOss(input: OssProbeInput): Promise<{ warnings: string[] }> {
  const client = createOssBucketClient({ bucket: input.bucket, endpoint: input.endpoint, region: input.region, accessKeyId: input.accessKeyId, accessKeySecret: input.accessKeySecret, timeoutMs: 20_000 });
  const name = `${input.connector}/.kafka-oss-probe-${randomUUID()}`;
  const body = `kafka-oss permission probe ${new Date().toISOString()}`;
  try {
    await client.put(name, body, { contentType: 'text/plain' });
    const back = await client.get(name);
    if (back.toString('utf8') !== body) throw new OssPermissionError(`oss://${input.bucket}/${name} read back differently from what was written`);
  } catch (err) {
    if (err instanceof OssError && (err.kind === 'access-denied' || err.kind === 'bad-credentials' || err.kind === 'no-such-bucket')) {
      const advice = err.kind === 'access-denied'
        ? `\nGrant AccessKey ${input.accessKeyId} at least this policy (RAM → Users → Add permissions):\n${minimalOssPolicy()}`
        : '';
      throw new OssPermissionError(`${err.message}${advice}`);
    }
    throw err;
  }
  try {
    await client.delete(name);
    return { warnings: [] };
  } catch (err) {
    if (err instanceof OssError && err.kind === 'access-denied') {
      return { warnings: [`the AccessKey may not delete objects; the probe object oss://${input.bucket}/${name} was left behind`] };
    }
    throw err;
  }
}
