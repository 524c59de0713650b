import type { CloudCatalog } from '../definition/catalog.js';
import { CancelledError, UsageError } from '../errors.js';
import { FIELD_BY_KEY, fieldTitle, type FieldSpec } from '../definition/fields.js';
import { resolveDefinition, type ConnectorDefinition, type DefinitionInput } from '../definition/definition.js';
import { defaultDefinitionPath, fileKeyOf, serializeDefinition, type ParsedDefinitionFile } from '../definition/definition-file.js';
import { checkAgainstCloud } from '../definition/live-checks.js';
import { detectLang, format, messages, type Lang } from '../i18n/messages.js';
import type { CreateOptions } from './create.js';
import { readDefinitionFile, writeDefinitionFile } from './definition-file.js';
import { SECRET_ENV } from './connector-input.js';
import { readSecretFromStdin } from './stdin-secret.js';

export interface CreateRequest {
  input: DefinitionInput;
  regionId?: string;
  /** Names a field in problems as the user gave it: a flag, or the file's key. */
  titleOf: (field: FieldSpec) => string;
  problems: string[];
}

/**
 * What `create` was asked, from its flags over the definition file: every problem that can be found
 * before the first network call. Pure; the wizard (interactive) asks for what is missing instead.
 */
export function resolveCreateRequest(args: {
  flags: DefinitionInput;
  file?: ParsedDefinitionFile;
  options: Pick<CreateOptions, 'lang' | 'region' | 'offline'>;
  interactive: boolean;
}): CreateRequest {
  const { options } = args;
  const problems: string[] = [];
  if (options.lang !== undefined && options.lang !== 'en' && options.lang !== 'zh') {
    problems.push(`--lang: must be en or zh (got ${JSON.stringify(options.lang)})`);
  }
  problems.push(...(args.file?.problems ?? []));
  const input = { ...args.file?.input, ...args.flags };
  const regionId = options.region ?? args.file?.regionId;
  const { file } = args;
  const titleOf = (field: FieldSpec) =>
    file && args.flags[field.key] === undefined && file.input[field.key] !== undefined ? `${file.path}: "${fileKeyOf(field.key)}"` : fieldTitle(field);
  if (!args.interactive) {
    const resolution = resolveDefinition(input, { ...(regionId ? { regionId } : {}), titleOf });
    problems.push(...resolution.errors);
    // Without --offline the region's only instance is the default, found once the cloud is asked.
    const missing = resolution.missing.filter((f) => f.key !== 'instanceId' || options.offline);
    if (missing.length > 0) {
      problems.push(`missing ${missing.length === 1 ? 'flag' : 'flags'} (nothing is prompted without a TTY, with --yes or CI=true): ${missing.map(fieldTitle).join(', ')}`);
    }
  }
  return { input, ...(regionId ? { regionId } : {}), titleOf, problems };
}

/** What `create` recorded, and whether the user chose "Deploy now" at the end of the wizard (with the secret to deploy with). */
export interface CreateOutcome {
  definition: ConnectorDefinition;
  path: string;
  secret?: string;
  deployNow: boolean;
}

/** `kafka-oss create`: flags and file → (wizard) → checks → the definition file. */
export async function runCreate(flags: DefinitionInput, options: CreateOptions, mode: { interactive: boolean }): Promise<CreateOutcome> {
  const file = options.fromFile ? await readDefinitionFile(options.fromFile) : undefined;
  const request = resolveCreateRequest({ flags, ...(file ? { file } : {}), options, interactive: mode.interactive });
  const secret = await secretGiven(options, request.problems);
  if (request.problems.length > 0) throw new UsageError(request.problems);

  const { input } = request;
  const catalog = options.offline ? undefined : await openCatalog(options, request.regionId);
  const regionId = request.regionId ?? catalog?.regionId;
  if (input.instanceId === undefined && catalog) {
    const instanceId = await defaultInstance(catalog, mode.interactive);
    if (instanceId) input.instanceId = instanceId;
  }

  const lang = detectLang(options.lang);
  const t = messages(lang);
  const outcome = mode.interactive
    ? await defineWithWizard(input, secret, { lang, offerDeploy: Boolean(catalog), ...(catalog ? { catalog } : {}), ...(regionId ? { regionId } : {}) })
    : { ...(await defineFromFlags(input, regionId, catalog, request.titleOf)), ...(secret ? { secret } : {}), deployNow: false };
  const { definition } = outcome;

  for (const warning of outcome.warnings) process.stderr.write(`${format(t.labelled, { label: t.warning, text: warning })}\n`);
  const path = options.out ?? defaultDefinitionPath(definition.name);
  await writeDefinitionFile(path, definition);
  if (options.output === 'json') process.stdout.write(serializeDefinition(definition));
  else process.stdout.write(`${format(t.recorded, { path })}\n${outcome.deployNow ? '' : `${format(mode.interactive && !secret ? t.nextDeployAsksSecret : t.nextDeploy, { name: definition.name })}\n`}`);
  return { definition, path, deployNow: outcome.deployNow, ...(outcome.secret ? { secret: outcome.secret } : {}) };
}

/** The AccessKey secret when it was given (environment or --access-key-secret-stdin); problems are added to `problems`. */
async function secretGiven(options: CreateOptions, problems: string[]): Promise<string | undefined> {
  if (!options.accessKeySecretStdin) return process.env[SECRET_ENV] || undefined;
  if (process.stdin.isTTY) {
    problems.push('--access-key-secret-stdin: standard input must be a pipe or a file, not the terminal');
    return undefined;
  }
  const secret = await readSecretFromStdin();
  if (secret === '') problems.push('--access-key-secret-stdin: standard input was empty (expected the AccessKey secret)');
  return secret || undefined;
}

async function defaultInstance(catalog: CloudCatalog, interactive: boolean): Promise<string | undefined> {
  const instances = await catalog.listInstances();
  if (instances.length === 1 && instances[0]) return instances[0].instanceId;
  if (interactive) return undefined;
  throw new UsageError(`${fieldTitle(FIELD_BY_KEY.instanceId)}: is required when region ${catalog.regionId} has ${instances.length} instances (${instances.map((i) => i.instanceId).join(', ') || 'none'})`);
}

async function defineWithWizard(
  input: DefinitionInput,
  secret: string | undefined,
  context: { lang: Lang; offerDeploy: boolean; catalog?: CloudCatalog; regionId?: string },
): Promise<{ definition: ConnectorDefinition; warnings: string[]; secret?: string; deployNow: boolean }> {
  const { runWizard } = await import('../wizard/wizard.js');
  const { inquirerPrompts, isPromptCancel } = await import('../wizard/prompts.js');
  const cancelled = messages(context.lang).cancelled;
  try {
    const result = await runWizard(input, secret, { prompts: await inquirerPrompts(context.lang), ...context, print: (text) => process.stderr.write(text) });
    if (!result) throw new CancelledError(cancelled);
    return result;
  } catch (err) {
    if (isPromptCancel(err)) throw new CancelledError(cancelled);
    throw err;
  }
}

async function defineFromFlags(input: DefinitionInput, regionId: string | undefined, catalog: CloudCatalog | undefined, titleOf: (field: FieldSpec) => string) {
  const resolution = resolveDefinition(input, { ...(regionId ? { regionId } : {}), titleOf });
  if (!resolution.definition) {
    throw new UsageError([...resolution.errors, ...resolution.missing.map((f) => `${titleOf(f)}: is required`)]);
  }
  const warnings = [...resolution.warnings];
  if (catalog) {
    const live = await checkAgainstCloud(resolution.definition, catalog);
    warnings.push(...live.warnings);
    if (live.errors.length > 0) throw new UsageError(live.errors);
  }
  return { definition: resolution.definition, warnings };
}

/** The catalog over the official SDKs, loaded lazily so that `--offline` and `--help` never pay for them. */
async function openCatalog(options: CreateOptions, regionId: string | undefined): Promise<CloudCatalog> {
  const { createCloudCatalog } = await import('../cloud/catalog-sdk.js');
  try {
    return await createCloudCatalog({ ...(options.profile ? { profile: options.profile } : {}), ...(regionId ? { region: regionId } : {}) });
  } catch (err) {
    throw new UsageError(`${err instanceof Error ? err.message : String(err)} (or use --offline to skip the checks that need the cloud)`);
  }
}
