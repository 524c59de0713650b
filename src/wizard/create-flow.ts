import type { CloudCatalog } from '../definition/catalog.js';
import { CancelledError, UsageError } from '../errors.js';
import type { CreateOptions } from '../cli/create.js';
import { FIELD_BY_KEY, fieldTitle } from '../definition/fields.js';
import { resolveDefinition, type ConnectorDefinition, type DefinitionInput } from '../definition/definition.js';
import { readDefinitionFile, writeDefinitionFile } from '../cli/definition-file.js';
import { defaultDefinitionPath, serializeDefinition } from '../definition/definition-file.js';
import { checkAgainstCloud } from '../definition/live-checks.js';
import { detectLang, messages } from '../i18n/messages.js';
import { readSecretFromStdin } from './secret.js';

export const SECRET_ENV = 'KAFKA_OSS_ACCESS_KEY_SECRET';

/** `kafka-oss create`: flags and file → (wizard) → checks → the definition file. */
export async function runCreate(flags: DefinitionInput, options: CreateOptions, mode: { interactive: boolean }): Promise<void> {
  const problems: string[] = [];
  if (options.lang !== undefined && options.lang !== 'en' && options.lang !== 'zh') {
    problems.push(`--lang: must be en or zh (got ${JSON.stringify(options.lang)})`);
  }
  if (options.output !== 'text' && options.output !== 'json') {
    problems.push(`--output: must be text or json (got ${JSON.stringify(options.output)})`);
  }
  let input: DefinitionInput = {};
  let regionId = options.region;
  if (options.fromFile) {
    const file = await readDefinitionFile(options.fromFile);
    problems.push(...file.problems);
    input = file.input;
    regionId ??= file.regionId;
  }
  input = { ...input, ...flags };
  const lang = detectLang(options.lang);
  const t = messages(lang);

  let secret = process.env[SECRET_ENV] || undefined;
  if (options.accessKeySecretStdin) {
    if (process.stdin.isTTY) problems.push('--access-key-secret-stdin: standard input must be a pipe or a file, not the terminal');
    else secret = await readSecretFromStdin();
    if (secret === '') problems.push('--access-key-secret-stdin: standard input was empty (expected the AccessKey secret)');
  }

  // Everything the user typed is checked before the first network call.
  const offlineResolution = mode.interactive ? undefined : resolveDefinition(input, regionId ? { regionId } : {});
  if (offlineResolution) {
    problems.push(...offlineResolution.errors);
    const missing = offlineResolution.missing.filter((f) => f.key !== 'instanceId' || options.offline);
    if (missing.length > 0) {
      problems.push(`missing ${missing.length === 1 ? 'flag' : 'flags'} (nothing is prompted without a TTY, with --yes or CI=true): ${missing.map(fieldTitle).join(', ')}`);
    }
  }
  if (problems.length > 0) throw new UsageError(problems);

  const catalog = options.offline ? undefined : await openCatalog(options, regionId);
  regionId ??= catalog?.regionId;
  if (input.instanceId === undefined && catalog) {
    const instances = await catalog.listInstances();
    if (instances.length === 1 && instances[0]) input.instanceId = instances[0].instanceId;
    else if (!mode.interactive) {
      throw new UsageError(`${fieldTitle(FIELD_BY_KEY.instanceId)}: is required when region ${catalog.regionId} has ${instances.length} instances (${instances.map((i) => i.instanceId).join(', ') || 'none'})`);
    }
  }

  let definition: ConnectorDefinition;
  let warnings: string[];
  if (mode.interactive) {
    const { runWizard } = await import('./wizard.js');
    const { inquirerPrompts, isPromptCancel } = await import('./prompts.js');
    try {
      const result = await runWizard(input, secret, {
        prompts: await inquirerPrompts(),
        lang,
        ...(catalog ? { catalog } : {}),
        ...(regionId ? { regionId } : {}),
        print: (text) => process.stderr.write(text),
      });
      if (!result) throw new CancelledError(t.cancelled);
      definition = result.definition;
      warnings = result.warnings;
    } catch (err) {
      if (isPromptCancel(err)) throw new CancelledError(t.cancelled);
      throw err;
    }
  } else {
    const resolution = resolveDefinition(input, regionId ? { regionId } : {});
    if (!resolution.definition) {
      throw new UsageError([...resolution.errors, ...resolution.missing.map((f) => `${fieldTitle(f)}: is required`)]);
    }
    definition = resolution.definition;
    warnings = resolution.warnings;
    if (catalog) {
      const live = await checkAgainstCloud(definition, catalog);
      warnings.push(...live.warnings);
      if (live.errors.length > 0) throw new UsageError(live.errors);
    }
  }

  for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
  const path = options.out ?? defaultDefinitionPath(definition.name);
  await writeDefinitionFile(path, definition);
  if (options.output === 'json') {
    process.stdout.write(serializeDefinition(definition));
  } else {
    process.stdout.write(`${t.recorded} ${path}\n${t.nextDeploy} ${definition.name}\n`);
  }
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
