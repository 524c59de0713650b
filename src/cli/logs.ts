import type { Command } from 'commander';
import { KafkaOssError, UsageError } from '../errors.js';
import type { FunctionLogLine } from '../deploy/function-logs.js';
import type { GlobalOptions } from './global-options.js';
import { examples } from './help-examples.js';
import { parseDuration } from './durations.js';

interface LogsOptions extends GlobalOptions {
  fromFile?: string;
  since: string;
  follow?: boolean;
  errorsOnly?: boolean;
  limit: string;
}

/** `kafka-oss logs <name>`: the sink function's invocations and errors, from the Log Service logstore of its FC service. */
export function register(program: Command): void {
  program
    .command('logs <name>')
    .description("the connector's function log — invocations and errors, newest last — from the Log Service logstore its FC service ships to")
    .option('--from-file <definition.json>', "the definition (default: kafka-oss.<name>.json, else the connector's cloud record)")
    .option('--since <duration>', 'how far back, e.g. 15m, 2h, 1d', '15m')
    .option('--follow', 'keep printing new lines until Ctrl-C')
    .option('--errors-only', 'only the lines that name an error')
    .option('--limit <n>', 'at most this many of the newest lines (before --follow goes on)', '200')
    .addHelpText('after', `\nFC keeps function logs only in Log Service: the service needs a logstore (logProject and logStore in the definition, then deploy).\n${examples([
      ['kafka-oss logs orders', 'the last 15 minutes of the function log'],
      ['kafka-oss logs orders --errors-only --since 1h', 'why did a record fail?'],
      ['kafka-oss logs orders --follow --output json', 'stream new lines as JSON, one per line'],
    ])}`)
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      await runLogs(name, cmd.optsWithGlobals<LogsOptions>());
    });
}

function checked(options: LogsOptions): { sinceMs: number; limit: number } {
  const problems: string[] = [];
  const sinceMs = parseDuration(options.since);
  if (sinceMs === undefined || sinceMs < 1000) problems.push(`--since: must be a duration of at least 1s, e.g. 15m or 2h (got ${JSON.stringify(options.since)})`);
  const limit = Number(options.limit);
  if (!/^\d+$/.test(options.limit) || limit < 1 || limit > 10_000) problems.push(`--limit: must be a whole number from 1 to 10000 (got ${JSON.stringify(options.limit)})`);
  if (problems.length > 0) throw new UsageError(problems);
  return { sinceMs: sinceMs!, limit };
}

async function runLogs(name: string, options: LogsOptions): Promise<void> {
  const { sinceMs, limit } = checked(options);
  const { loadDefinition, connectorSession } = await import('./connector-input.js');
  const definition = await loadDefinition(name, options.fromFile, options);
  const { target, session } = await connectorSession(options, definition);
  const { serviceNameOf } = await import('../deploy/resources.js');
  const serviceName = serviceNameOf(definition.name);
  const service = session.fc ? await session.fc.getService(serviceName) : undefined;
  if (!service) throw new KafkaOssError(`${definition.name} has no FC service ${serviceName} in ${target.regionId}: deploy it first (kafka-oss deploy ${definition.name})`);
  if (!service.logConfig) throw new KafkaOssError(noLogStoreText(definition.name, serviceName));
  const { LogServiceApi } = await import('../cloud/log-service.js');
  const { newestLogs, lineOf, LogFollower } = await import('../deploy/function-logs.js');
  const reader = new LogServiceApi(target);
  const window = { logConfig: service.logConfig, serviceName, errorsOnly: Boolean(options.errorsOnly) };
  const nowSec = Math.floor(Date.now() / 1000);
  const fromSec = Math.floor((Date.now() - sinceMs) / 1000);
  const initial = await newestLogs(reader, window, fromSec, nowSec + 1, limit);
  const json = options.output === 'json';
  if (!options.follow) {
    const lines = initial.map(lineOf);
    process.stdout.write(json ? `${JSON.stringify({ ...service.logConfig, logs: lines }, null, 2)}\n` : linesText(lines, service.logConfig));
    return;
  }
  const write = (lines: FunctionLogLine[]): void => {
    if (lines.length > 0) process.stdout.write(lines.map((l) => (json ? `${JSON.stringify(l)}\n` : lineText(l))).join(''));
  };
  write(initial.map(lineOf));
  const follower = new LogFollower(reader, window, nowSec);
  follower.seen(initial);
  await untilInterrupted(async () => write(await follower.poll(Math.floor(Date.now() / 1000))), 2000);
}

function noLogStoreText(connector: string, serviceName: string): string {
  return (
    `${connector}'s FC service ${serviceName} ships its function logs nowhere: it has no Log Service logstore (logConfig), and FC keeps function logs only there. ` +
    `To enable it: name an existing project and logstore in kafka-oss.${connector}.json ("logProject", "logStore") — or create the connector with --log-project <project> --log-store <logstore> — ` +
    `then run kafka-oss deploy ${connector}. Create them in the Log Service console (https://sls.console.aliyun.com) if you have none.`
  );
}

/** A line as text: the runtime's own lines carry their time; FC's platform lines get the log's. */
function lineText(line: FunctionLogLine): string {
  return /^\d{4}-\d\d-\d\dT/.test(line.message) ? `${line.message}\n` : `${line.time} ${line.message}\n`;
}

function linesText(lines: FunctionLogLine[], logConfig: { project: string; logstore: string }): string {
  if (lines.length === 0) return `No function logs in that time in Log Service ${logConfig.project}/${logConfig.logstore}.\n`;
  return lines.map(lineText).join('');
}

/** Runs `poll` every `intervalMs` until Ctrl-C; a failed poll is reported and tried again. */
async function untilInterrupted(poll: () => Promise<void>, intervalMs: number): Promise<void> {
  const { messageOf } = await import('../errors.js');
  let stopped = false;
  let wake: () => void = () => {};
  process.once('SIGINT', () => {
    stopped = true;
    wake();
  });
  while (!stopped) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, intervalMs);
    });
    if (stopped) break;
    await poll().catch((err: unknown) => process.stderr.write(`kafka-oss: reading the logs failed: ${messageOf(err)} (trying again)\n`));
  }
}
