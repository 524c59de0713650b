import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { exitCodeOf, KafkaOssError, messageOf, UsageError } from '../errors.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import type { FieldKey } from '../definition/fields.js';

export const SECRET_ENV = 'KAFKA_OSS_ACCESS_KEY_SECRET';

/**
 * The definition a command works on: `--from-file`; else `kafka-oss.<name>.json` in the current directory;
 * else, when the command may ask the cloud (`cloud` given), the connector's record in the region — so a
 * colleague or a CI runner can work on a connector it can list. With no name, the only `kafka-oss.*.json`
 * here. Checked with the same rules as `create`; problems name the file's keys or the record's tags.
 */
export async function loadDefinition(
  name: string | undefined,
  fromFile: string | undefined,
  cloud?: { profile?: string; region?: string },
): Promise<ConnectorDefinition> {
  const { defaultDefinitionPath } = await import('../definition/definition-file.js');
  if (fromFile) return definitionFromFile(fromFile, name);
  if (name) {
    const path = defaultDefinitionPath(name);
    if (existsSync(path) || !cloud) return definitionFromFile(path, name);
    try {
      return await definitionFromRecord(name, cloud);
    } catch (err) {
      if (err instanceof UsageError && err.message.startsWith('no connector named')) throw err;
      throw new KafkaOssError(
        `no ${path} here (${process.cwd()}): run \`kafka-oss create\` first, or give --from-file; the connector's cloud record could not be read either: ${messageOf(err)}`,
        exitCodeOf(err),
      );
    }
  }
  const candidates = (await readdir('.')).filter((f) => /^kafka-oss\..+\.json$/.test(f));
  if (candidates.length !== 1) {
    throw new UsageError(`name a connector or give --from-file: found ${candidates.length} definition files (kafka-oss.<name>.json) here${candidates.length ? `: ${candidates.join(', ')}` : ''}`);
  }
  return definitionFromFile(candidates[0]!, undefined);
}

async function definitionFromFile(path: string, name: string | undefined): Promise<ConnectorDefinition> {
  const { readDefinitionFile } = await import('./definition-file.js');
  const { fileKeyOf } = await import('../definition/definition-file.js');
  const { resolveDefinition } = await import('../definition/definition.js');
  const file = await readDefinitionFile(path);
  if (file.problems.length > 0) throw new UsageError(file.problems);
  const titleOf = (field: { key: FieldKey }) => `${path}: "${fileKeyOf(field.key)}"`;
  const resolution = resolveDefinition(file.input, { ...(file.regionId ? { regionId: file.regionId } : {}), titleOf });
  if (!resolution.definition) {
    throw new UsageError([...resolution.errors, ...resolution.missing.map((f) => `${titleOf(f)} is required`)]);
  }
  if (name && resolution.definition.name !== name) {
    throw new UsageError(`${path} defines connector "${resolution.definition.name}", not "${name}"`);
  }
  return resolution.definition;
}

/** The definition a connector's cloud record holds, found in whichever instance of the region records it. */
async function definitionFromRecord(name: string, cloud: { profile?: string; region?: string }): Promise<ConnectorDefinition> {
  const found = await recordedDefinition(name, cloud);
  if (found.definition) return found.definition;
  const { target, instances } = found;
  throw new UsageError(
    `no connector named ${JSON.stringify(name)}: no ${`kafka-oss.${name}.json`} here (${process.cwd()}) and no record of it in region ${target.regionId} ` +
      `(instances: ${instances.map((i) => i.instanceId).join(', ') || 'none'}). Run \`kafka-oss create\` to define it, or \`kafka-oss list\` to see the connectors there`,
  );
}

/**
 * Looks a connector up in the cloud: the definition its record holds, or what was searched when no
 * instance of the region records it. A record that breaks a rule is bad input naming the record's tags.
 */
export async function recordedDefinition(name: string, cloud: { profile?: string; region?: string }) {
  const { catalogFor } = await import('../cloud/catalog-sdk.js');
  const { recordInput, recordTitle } = await import('../definition/record.js');
  const { resolveDefinition } = await import('../definition/definition.js');
  const target = await commandTarget(cloud);
  const catalog = catalogFor(target);
  const instances = await catalog.listInstances();
  for (const instance of instances) {
    const record = (await catalog.listConnectors(instance.instanceId)).find((r) => r.name === name);
    if (!record) continue;
    const titleOf = (field: { key: FieldKey }) => recordTitle(record, field.key);
    const resolution = resolveDefinition(recordInput(record), { regionId: target.regionId, titleOf });
    if (!resolution.definition) {
      const missing = resolution.missing.map((f) => `${titleOf(f)} is missing (recorded by an older kafka-oss: deploy once from the definition file to complete the record)`);
      throw new UsageError([...resolution.errors, ...missing]);
    }
    return { definition: resolution.definition, instance, target, instances };
  }
  return { target, instances };
}

/**
 * The brokers to reach when `--bootstrap-servers` is not given: the profile's, else the endpoint of the
 * instance (the one named, or the region's only one). Undefined when neither a profile nor a region is known.
 */
export async function defaultBootstrapServers(options: { profile?: string; region?: string }, instanceId?: string): Promise<string | undefined> {
  if (!options.profile && !options.region && !process.env.ALIBABA_CLOUD_REGION_ID) return undefined;
  const target = await commandTarget(options);
  if (target.kafkaBootstrapServers) return target.kafkaBootstrapServers;
  const { AlikafkaApi } = await import('../cloud/alikafka.js');
  const instances = await new AlikafkaApi(target).listInstances();
  const instance = instanceId ? instances.find((i) => i.instanceId === instanceId) : instances.length === 1 ? instances[0] : undefined;
  return instance?.endpoints.plaintext;
}

/** The connector's AccessKey secret: environment, standard input, or a masked prompt on a TTY. */
export async function readAccessKeySecret(opts: { stdin?: boolean; interactive: boolean; accessKeyId: string }): Promise<string> {
  if (opts.stdin) {
    const { readSecretFromStdin } = await import('./stdin-secret.js');
    const secret = await readSecretFromStdin();
    if (!secret) throw new UsageError('--access-key-secret-stdin: standard input was empty (expected the AccessKey secret)');
    return secret;
  }
  const fromEnv = process.env[SECRET_ENV];
  if (fromEnv) return fromEnv;
  if (!opts.interactive) {
    throw new UsageError(`the AccessKey secret of ${opts.accessKeyId} is required: set ${SECRET_ENV} or pipe it with --access-key-secret-stdin`);
  }
  const { password } = await import('@inquirer/prompts');
  return password({ message: `AccessKey Secret of ${opts.accessKeyId}`, mask: '*', validate: (v) => (v ? true : 'the secret is required') });
}

/**
 * The cloud a command talks to: `--profile` / `--region`, the region defaulting to the definition's.
 * A missing region or unreadable profile is bad input (exit 2).
 */
export async function commandTarget(options: { profile?: string; region?: string }, definition?: Pick<ConnectorDefinition, 'regionId'>) {
  const { resolveCloudTarget } = await import('../cloud/target.js');
  const region = options.region ?? definition?.regionId;
  try {
    return await resolveCloudTarget({ ...(options.profile ? { profile: options.profile } : {}), ...(region ? { region } : {}) });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** The target and an open session for a connector; an instance missing from the region is bad input. */
export async function connectorSession(options: { profile?: string; region?: string }, definition: ConnectorDefinition) {
  const target = await commandTarget(options, definition);
  const { openSession } = await import('../deploy/session.js');
  return { target, session: await openSession(target, definition) };
}

/** The connector's bucket, reached as the command's own credentials (not the connector's AccessKey). */
export async function connectorBucket(target: Awaited<ReturnType<typeof commandTarget>>, definition: Pick<ConnectorDefinition, 'bucket'>) {
  const { createOssBucketClient } = await import('../cloud/oss.js');
  const key = await target.accessKey();
  return createOssBucketClient({ bucket: definition.bucket, endpoint: target.ossEndpoint, region: target.regionId, ...key, timeoutMs: 20_000 });
}
