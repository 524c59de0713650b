import { randomUUID } from 'node:crypto';
import { OssError } from '../cloud/oss.js';
import { KafkaOssError } from '../errors.js';
import { minimalOssPolicy } from '../definition/oss-policy.js';
import type { OssObjectsPort } from './ports.js';

export class OssPermissionError extends KafkaOssError {}

export interface OssProbeInput {
  /** The bucket, as the connector's AccessKey reaches it. */
  client: OssObjectsPort;
  accessKeyId: string;
  connector: string;
}

/**
 * Proves the connector's AccessKey can write and read the bucket: puts, reads back and deletes a
 * probe object. A key that cannot put or get stops deploy with the minimal policy; one that cannot
 * delete is only a warning (the console's policy does not grant it).
 */
export async function probeOss(input: OssProbeInput): Promise<{ warnings: string[] }> {
  const { client } = input;
  const name = `${input.connector}/.kafka-oss-probe-${randomUUID()}`;
  const body = `kafka-oss permission probe ${new Date().toISOString()}`;
  try {
    await client.put(name, body, { contentType: 'text/plain' });
    const back = await client.get(name);
    if (back.toString('utf8') !== body) throw new OssPermissionError(`oss://${client.bucket}/${name} read back differently from what was written`);
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
      return { warnings: [`the AccessKey may not delete objects; the probe object oss://${client.bucket}/${name} was left behind`] };
    }
    throw err;
  }
}
