import type { CloudCatalog } from '../definition/catalog.js';
import { CancelledError, UsageError } from '../errors.js';
import { FIELD_BY_KEY, type FieldSpec } from '../definition/fields.js';
import { inputAdvice, inputProblems, type FieldProblem } from '../definition/field-checks.js';
import { resolveDefinition, type ConnectorDefinition, type DefinitionInput } from '../definition/definition.js';
import { defaultDefinitionPath, fileKeyOf, serializeDefinition, type ParsedDefinitionFile } from '../definition/definition-file.js';
import { checkAgainstCloud } from '../definition/live-checks.js';
import { fieldProblemLines, flagTitle } from '../i18n/field-lines.js';
import { detectLang, format, messages, type Lang, type MessageKey } from '../i18n/messages.js';
import type { CreateOptions } from './create.js';
import { readDefinitionFile, writeDefinitionFile } from './definition-file.js';
import { SECRET_ENV } from './connector-input.js';
import { readSecretFromStdin } from './stdin-secret.js';

type Messages = Record<MessageKey, string>;

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
  /** The language of the problems (default English). */
  lang?: Lang;
}): CreateRequest {
  const { options, file } = args;
  const lang = args.lang ?? 'en';
  const t = messages(lang);
  const problems: string[] = [];
  if (options.lang !== undefined && options.lang !== 'en' && options.lang !== 'zh') problems.push(format(t.langInvalid, { value: JSON.stringify(options.lang) }));
  problems.push(...(file?.problems ?? []));
  const input = { ...file?.input, ...args.flags };
  const regionId = options.region ?? file?.regionId;
  const titleOf = (field: FieldSpec) =>
    file && args.flags[field.key] === undefined && file.input[field.key] !== undefined ? `${file.path}: "${fileKeyOf(field.key)}"` : flagTitle(field, lang);
  if (!args.interactive) {
    const resolution = resolveDefinition(input, { ...(regionId ? { regionId } : {}), titleOf });
    problems.push(...(lang === 'en' ? resolution.errors : fieldProblemLines(inputProblems(input).filter((f) => f.problem.id !== 'required'), lang, titleOf)));
    // Without --offline the region's only instance is the default, found once the cloud is asked.
    const missing = resolution.missing.filter((f) => f.key !== 'instanceId' || options.offline);
    if (missing.length > 0) {
      problems.push(format(missing.length === 1 ? t.missingFlag : t.missingFlags, { flags: missing.map((f) => flagTitle(f, lang)).join(', ') }));
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
  const lang = detectLang(options.lang);
  const t = messages(lang);
  const file = options.fromFile ? await readDefinitionFile(options.fromFile) : undefined;
  const request = resolveCreateRequest({ flags, ...(file ? { file } : {}), options, interactive: mode.interactive, lang });
  const secret = await secretGiven(options, request.problems, t);
  if (request.problems.length > 0) throw new UsageError(request.problems, problemHeader(lang));

  const { input } = request;
  const catalog = options.offline ? undefined : await openCatalog(options, request.regionId, t);
  const regionId = request.regionId ?? catalog?.regionId;
  if (input.instanceId === undefined && catalog) {
    const instanceId = await defaultInstance(catalog, mode.interactive, lang);
    if (instanceId) input.instanceId = instanceId;
  }

  const outcome = mode.interactive
    ? await defineWithWizard(input, secret, { lang, offerDeploy: Boolean(catalog), ...(catalog ? { catalog } : {}), ...(regionId ? { regionId } : {}) })
    : { ...(await defineFromFlags(input, { regionId, catalog, titleOf: request.titleOf, lang })), ...(secret ? { secret } : {}), deployNow: false };
  const { definition } = outcome;

  for (const warning of outcome.warnings) process.stderr.write(`${format(t.labelled, { label: t.warning, text: warning })}\n`);
  const path = options.out ?? defaultDefinitionPath(definition.name);
  await writeDefinitionFile(path, definition);
  if (options.output === 'json') process.stdout.write(serializeDefinition(definition));
  else process.stdout.write(`${format(t.recorded, { path })}\n${outcome.deployNow ? '' : `${format(mode.interactive && !secret ? t.nextDeployAsksSecret : t.nextDeploy, { name: definition.name })}\n`}`);
  return { definition, path, deployNow: outcome.deployNow, ...(outcome.secret ? { secret: outcome.secret } : {}) };
}

/** The AccessKey secret when it was given (environment or --access-key-secret-stdin); problems are added to `problems`. */
async function secretGiven(options: CreateOptions, problems: string[], t: Messages): Promise<string | undefined> {
  if (!options.accessKeySecretStdin) return process.env[SECRET_ENV] || undefined;
  if (process.stdin.isTTY) {
    problems.push(t.stdinIsTerminal);
    return undefined;
  }
  const secret = await readSecretFromStdin();
  if (secret === '') problems.push(t.stdinEmpty);
  return secret || undefined;
}

async function defaultInstance(catalog: CloudCatalog, interactive: boolean, lang: Lang): Promise<string | undefined> {
  const instances = await catalog.listInstances();
  if (instances.length === 1 && instances[0]) return instances[0].instanceId;
  if (interactive) return undefined;
  const t = messages(lang);
  const listed = instances.map((i) => i.instanceId).join(', ') || t.none;
  throw new UsageError(format(t.instanceAmbiguous, { title: flagTitle(FIELD_BY_KEY.instanceId, lang), region: catalog.regionId, count: instances.length, instances: listed }));
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

/**
 * The definition from flags and file, checked against the account. English problems are the definition's own
 * (flags or file keys); other languages render the same problems from data (src/i18n).
 */
async function defineFromFlags(input: DefinitionInput, context: { regionId?: string | undefined; catalog?: CloudCatalog | undefined; titleOf: (field: FieldSpec) => string; lang: Lang }) {
  const { regionId, catalog, titleOf, lang } = context;
  const english = lang === 'en';
  const lines = (found: FieldProblem[]) => fieldProblemLines(found, lang, titleOf);
  const resolution = resolveDefinition(input, { ...(regionId ? { regionId } : {}), titleOf });
  if (!resolution.definition) {
    throw new UsageError(english ? [...resolution.errors, ...resolution.missing.map((f) => `${titleOf(f)}: is required`)] : lines(inputProblems(input)), problemHeader(lang));
  }
  const warnings = english ? [...resolution.warnings] : lines(inputAdvice(input));
  if (catalog) {
    const live = await checkAgainstCloud(resolution.definition, catalog);
    warnings.push(...(english ? live.warnings : lines(live.fieldWarnings)));
    if (live.errors.length > 0) throw new UsageError(english ? live.errors : lines(live.fieldErrors), problemHeader(lang));
  }
  return { definition: resolution.definition, warnings };
}

/** "N problems:" above a list, in the language the problems are written in. */
function problemHeader(lang: Lang): (count: number) => string {
  return (count) => format(messages(lang).problemCount, { count });
}

/** The catalog over the official SDKs, loaded lazily so that `--offline` and `--help` never pay for them. */
async function openCatalog(options: CreateOptions, regionId: string | undefined, t: Messages): Promise<CloudCatalog> {
  const { createCloudCatalog } = await import('../cloud/catalog-sdk.js');
  try {
    return await createCloudCatalog({ ...(options.profile ? { profile: options.profile } : {}), ...(regionId ? { region: regionId } : {}) });
  } catch (err) {
    throw new UsageError(format(t.offlineHint, { error: err instanceof Error ? err.message : String(err) }));
  }
}
