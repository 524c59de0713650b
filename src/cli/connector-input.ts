import { readdir } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import type { FieldKey } from '../definition/fields.js';

export const SECRET_ENV = 'KAFKA_OSS_ACCESS_KEY_SECRET';

/**
 * The definition a command works on: `--from-file`, else `kafka-oss.<name>.json` in the current
 * directory, else the only `kafka-oss.*.json` there. Checked with the same rules as `create`.
 */
export async function loadDefinition(name: string | undefined, fromFile: string | undefined): Promise<ConnectorDefinition> {
  const { readDefinitionFile } = await import('./definition-file.js');
  const { defaultDefinitionPath, fileKeyOf } = await import('../definition/definition-file.js');
  const { resolveDefinition } = await import('../definition/definition.js');
  let path = fromFile;
  if (!path && name) path = defaultDefinitionPath(name);
  if (!path) {
    const candidates = (await readdir('.')).filter((f) => /^kafka-oss\..+\.json$/.test(f));
    if (candidates.length !== 1) {
      throw new UsageError(`name a connector or give --from-file: found ${candidates.length} definition files (kafka-oss.<name>.json) here${candidates.length ? `: ${candidates.join(', ')}` : ''}`);
    }
    path = candidates[0]!;
  }
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
