import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';

interface ObjectsOptions extends GlobalOptions {
  fromFile?: string;
  partition?: string;
  tail: string;
  limit: string;
}

/** `kafka-oss objects <name>`: what landed in OSS — the console's "check the files in OSS" step. */
export function register(program: Command): void {
  program
    .command('objects <name>')
    .description('the objects a connector exported to OSS, newest first, and the last records of the newest')
    .option('--from-file <definition.json>', "the definition (default: kafka-oss.<name>.json, else the connector's cloud record)")
    .option('--partition <n>', 'only the objects of this partition of the source topic')
    .option('--tail <n>', 'how many of the newest object\'s last records to print', '5')
    .option('--limit <n>', 'how many objects to list (text output; JSON lists them all)', '20')
    .addHelpText('after', examples([
      ['kafka-oss objects orders', 'the newest objects under oss://<bucket>/orders/ and the last 5 records written'],
      ['kafka-oss objects orders --partition 2 --tail 1 --output json', 'the last record exported from partition 2, for a script'],
    ]))
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await runObjects(name, cmd.optsWithGlobals<ObjectsOptions>());
    });
}

function counts(options: ObjectsOptions): { partition?: number; tail: number; limit: number } {
  const problems: string[] = [];
  const count = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) problems.push(`${flag}: must be a whole number ≥ 0 (got ${JSON.stringify(text)})`);
    return Number(text);
  };
  const partition = count('--partition', options.partition);
  const tail = count('--tail', options.tail)!;
  const limit = count('--limit', options.limit)!;
  if (problems.length > 0) throw new UsageError(problems);
  return { ...(partition !== undefined ? { partition } : {}), tail, limit };
}

async function runObjects(name: string, options: ObjectsOptions): Promise<void> {
  const { partition, tail, limit } = counts(options);
  const { loadDefinition, commandTarget, connectorBucket } = await import('./connector-input.js');
  const definition = await loadDefinition(name, options.fromFile, options);
  const oss = await connectorBucket(await commandTarget(options, definition), definition);
  const { listExportedObjects, lastRecords } = await import('../deploy/exported-objects.js');
  const objects = await listExportedObjects(oss, definition, partition !== undefined ? { partition } : {});
  const newest = objects[0];
  const records = newest ? await lastRecords(oss, newest.name, tail) : [];
  if (options.output === 'json') {
    const now = Date.now();
    const listed = objects.map((o) => ({ ...o, ageMs: now - Date.parse(o.lastModified) }));
    process.stdout.write(`${JSON.stringify({ bucket: definition.bucket, prefix: `${definition.name}/`, objects: listed, newest: newest ? { name: newest.name, records } : null }, null, 2)}\n`);
    return;
  }
  const { objectsText } = await import('./objects-text.js');
  process.stdout.write(objectsText({ definition, objects, records, limit, ...(partition !== undefined ? { partition } : {}) }));
}
