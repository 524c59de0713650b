#!/usr/bin/env node
// A smoke test against a real account (or `--profile local`): creates a throw-away connector, deploys it, sends
// a test message through it, describes it and deletes it, printing each step's result. Exit 0 only if every
// step passed; the connector is deleted even when a step before failed.
//
//   KAFKA_OSS_ACCESS_KEY_SECRET=… npm run smoke:cloud -- --profile P [--region R] --instance-id I --bucket B \
//     --source-topic T --access-key-id ID [--keep] [--timeout 3m]
//
// The connector's AccessKey (ID and KAFKA_OSS_ACCESS_KEY_SECRET) needs oss:GetObject and oss:PutObject on the
// bucket; the caller's credentials (--profile / the standard chain) need what deploy needs.
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const BIN = new URL('../bin/kafka-oss.js', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    profile: { type: 'string' },
    region: { type: 'string' },
    'instance-id': { type: 'string' },
    bucket: { type: 'string' },
    'source-topic': { type: 'string' },
    'access-key-id': { type: 'string' },
    timeout: { type: 'string', default: '3m' },
    keep: { type: 'boolean', default: false },
  },
});
const missing = ['instance-id', 'bucket', 'source-topic', 'access-key-id'].filter((flag) => !values[flag]);
if (!process.env.KAFKA_OSS_ACCESS_KEY_SECRET) missing.push('KAFKA_OSS_ACCESS_KEY_SECRET (environment)');
if (missing.length > 0) {
  process.stderr.write(`smoke:cloud: missing ${missing.join(', ')}\n`);
  process.exit(2);
}

const name = `smoke-${Date.now().toString(36)}`;
const cwd = await mkdtemp(join(tmpdir(), 'kafka-oss-smoke-'));
const target = [...(values.profile ? ['--profile', values.profile] : []), ...(values.region ? ['--region', values.region] : [])];
const env = { ...process.env, CI: 'true' };

function kafkaOss(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, ...target], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const results = [];
async function step(label, args, summarise) {
  const started = Date.now();
  const run = await kafkaOss(args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = run.code === 0;
  let summary = '';
  try {
    summary = ok ? summarise(run) : (run.stderr.trim().split('\n').at(-1) ?? '');
  } catch (err) {
    summary = `unexpected output: ${err instanceof Error ? err.message : String(err)}`;
  }
  results.push({ label, ok });
  process.stdout.write(`${ok ? '✔' : '✖'} ${label.padEnd(8)} ${seconds.padStart(6)} s  ${summary}\n`);
  if (!ok && process.env.KAFKA_OSS_DEBUG) process.stdout.write(`${run.stderr}\n`);
  return ok ? run : undefined;
}

process.stdout.write(`kafka-oss smoke test: connector ${name} on ${values['instance-id']} (${values.profile ? `profile ${values.profile}` : 'the default credentials'})\n`);
const created = await step('create', ['create', '--yes', '--output', 'json', '--name', name, '--instance-id', values['instance-id'],
  '--source-topic', values['source-topic'], '--bucket', values.bucket, '--access-key-id', values['access-key-id'], '--offset-reset', 'latest'],
(run) => `recorded ${JSON.parse(run.stdout).name}`);
let deployed = false;
if (created) {
  deployed = Boolean(await step('deploy', ['deploy', name, '--output', 'json'], (run) => {
    const result = JSON.parse(run.stdout);
    return `${result.changed.length} resources created or updated`;
  }));
}
if (deployed) {
  await step('test', ['test', name, '--output', 'json', '--timeout', values.timeout, '--value', `smoke ${name}`], (run) => {
    const result = JSON.parse(run.stdout);
    return `delivered in ${(result.latencyMs / 1000).toFixed(1)} s to oss://${values.bucket}/${result.objectName}`;
  });
  await step('describe', ['describe', name, '--output', 'json'], (run) => {
    const { resources } = JSON.parse(run.stdout);
    const missingResources = resources.filter((r) => r.state !== 'present').map((r) => `${r.kind} ${r.name}`);
    if (missingResources.length > 0) throw new Error(`not present: ${missingResources.join(', ')}`);
    return `${resources.length} resources present`;
  });
}
if (created && !values.keep) {
  await step('delete', ['delete', name, '--yes', '--output', 'json'], (run) => {
    const result = JSON.parse(run.stdout);
    return `${result.changed.length} resources deleted`;
  });
}
const failed = results.filter((r) => !r.ok).length;
process.stdout.write(failed === 0 ? `smoke test passed (${results.length} steps)\n` : `smoke test FAILED: ${failed} of ${results.length} steps\n`);
process.exit(failed === 0 ? 0 : 1);
