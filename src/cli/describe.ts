import type { Command } from 'commander';
import { messageOf, UsageError } from '../errors.js';
import type { ConnectorDefinition } from '../definition/definition.js';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';
import { parseDuration } from './durations.js';

interface DescribeOptions extends GlobalOptions {
  fromFile?: string;
  watch?: boolean;
  interval: string;
}

export function register(program: Command): void {
  program
    .command('describe <name>')
    .description("one connector in detail: its definition, each resource's live state, the progress per partition (end offset, committed offset, lag, last object) and the console link of its function")
    .option('--from-file <definition.json>', "the definition (default: kafka-oss.<name>.json, else the connector's cloud record)")
    .option('--watch', 'refresh the progress until Ctrl-C: a lag bar per partition and records/s (JSON: one object per refresh)')
    .option('--interval <duration>', 'time between refreshes with --watch, e.g. 2s (alikafka allows about one call of an action per second)', '2s')
    .addHelpText('after', examples([
      ['kafka-oss describe orders', "each resource's live state, the lag per partition and the function's console link"],
      ['kafka-oss describe orders --watch', 'watch the lag drain and the records/s while it catches up'],
      ['kafka-oss describe orders --profile prod --output json', 'from any machine: the definition comes from the cloud record'],
    ]))
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await runDescribe(name, cmd.optsWithGlobals<DescribeOptions>());
    });
}

async function runDescribe(name: string, options: DescribeOptions): Promise<void> {
  const intervalMs = parseDuration(options.interval);
  if (intervalMs === undefined || intervalMs < 1000) throw new UsageError(`--interval: must be a duration of at least 1s, e.g. 2s (got ${JSON.stringify(options.interval)})`);
  const { loadDefinition, connectorSession, connectorBucket } = await import('./connector-input.js');
  const definition = await loadDefinition(name, options.fromFile, options);
  const { target, session } = await connectorSession(options, definition);
  const { AlikafkaApi } = await import('../cloud/alikafka.js');
  const { readProgress } = await import('../deploy/progress.js');
  const sources = { alikafka: new AlikafkaApi(target), oss: await connectorBucket(target, definition), ...(session.fc ? { fc: session.fc } : {}) };
  const read = (lastFirstOffsets?: ReadonlyMap<number, number>) => readProgress(sources, definition, lastFirstOffsets);
  if (options.watch) {
    const { watchProgress } = await import('./describe-watch.js');
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    await watchProgress({ read, taskGroup: definition.taskGroup, heading: headingOf(definition, target.regionId), intervalMs, json: options.output === 'json', out: process.stdout, signal: stop.signal });
    return;
  }
  const { describeConnector } = await import('../deploy/describe.js');
  const { resources, consoleUrl } = await describeConnector(session, definition);
  // a connector not deployed (yet) has no task group to read the progress of: the rest is still worth showing
  const progress = await read().then((p) => ({ progress: p }), (err: unknown) => ({ progressError: messageOf(err) }));
  if (options.output === 'json') {
    process.stdout.write(`${JSON.stringify({ definition, resources, consoleUrl, progress: null, ...progress }, null, 2)}\n`);
    return;
  }
  const { progressText } = await import('./progress-text.js');
  const width = (i: 0 | 1 | 2) => Math.max(...resources.map((r) => [r.kind, r.name, r.state][i]!.length));
  process.stdout.write(
    `${headingOf(definition, target.regionId)}\n` +
      `  start ${definition.offsetReset}, concurrency ${definition.concurrency}, failure policy ${definition.failurePolicy}, resources ${definition.resources}\n\n` +
      resources.map((r) => `  ${r.kind.padEnd(width(0))}  ${r.name.padEnd(width(1))}  ${r.state.padEnd(width(2))}  ${r.detail}`.trimEnd()).join('\n') +
      `\n\n${'progress' in progress ? progressText(progress.progress, definition.taskGroup) : `Progress: not available (${progress.progressError})\n`}` +
      `\nFunction configuration: ${consoleUrl}\n`,
  );
}

function headingOf(definition: ConnectorDefinition, regionId: string): string {
  return `Connector ${definition.name}: ${definition.sourceTopic} → oss://${definition.bucket}/${definition.name}/ (${definition.instanceId}, ${regionId})`;
}
