import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OSS from 'ali-oss';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOssBucketClient } from '../../src/cloud/oss.js';
import { runCli, startLocalUp, type LocalUpDescription } from '../support/cli.js';
import { kcat } from '../support/test-kafka.js';
import { exactlyOnceProblems, offsetCounts, readExport } from '../support/test-oss.js';

// The built CLI's SASL paths (`npm run build` first) against `local up --sasl-port`: sink run (kafkajs for the
// group, the fetch path for records), send-message, and what a wrong password looks like.
const USER = 'sink-user';
const PASSWORD = 'Local-SASL-pw-4f9!never-printed';
const WRONG = 'Wrong-SASL-pw-8c2!never-printed';

interface SaslDescription extends LocalUpDescription {
  kafka: LocalUpDescription['kafka'] & { sasl: { bootstrapServers: string; securityProtocol: string; mechanisms: string[]; username: string; passwordFile?: string } };
}

let home: string;
let up: Awaited<ReturnType<typeof startLocalUp>>;
let d: SaslDescription;
let sasl: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'kafka-oss-sasl-cli-'));
  up = await startLocalUp(['--data-dir', join(home, 'data'), '--no-save-profile', '--sasl-port', '0', '--sasl-user', USER], {
    KAFKA_OSS_HOME: join(home, '.kafka-oss'),
    KAFKA_OSS_LOCAL_SASL_PASSWORD: PASSWORD,
  });
  d = up.description as SaslDescription;
  sasl = d.kafka.sasl.bootstrapServers;
});
afterAll(async () => {
  expect(await up?.stop()).toBe(0);
  expect(up.process.stdout() + up.process.stderr()).not.toContain(PASSWORD);
});

/** Topics made through the SASL listener with kafkajs' admin (a client of its own, not the tool's). */
async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = new Kafka({ brokers: [sasl], sasl: { mechanism: 'scram-sha-256', username: USER, password: PASSWORD }, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  } finally {
    await admin.disconnect();
  }
}

async function bucket(name: string) {
  await new OSS({ accessKeyId: d.accessKeyId, accessKeySecret: d.accessKeySecret, endpoint: d.oss.endpoint, region: 'oss-cn-hangzhou', authorizationV4: true, timeout: 30_000 } as OSS.Options).putBucket(name);
  return createOssBucketClient({ bucket: name, endpoint: d.oss.endpoint, region: 'cn-hangzhou', accessKeyId: d.accessKeyId, accessKeySecret: d.accessKeySecret });
}

/** `count` numbered records into one partition with kcat over SASL/PLAIN. */
async function produceOverSasl(topic: string, partition: number, count: number): Promise<void> {
  const lines = Array.from({ length: count }, (_, i) => `key${i}:value-${partition}-${i}`);
  await kcat(['-P', '-b', sasl, '-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=PLAIN', '-X', `sasl.username=${USER}`, '-X', `sasl.password=${PASSWORD}`, '-t', topic, '-p', String(partition), '-K', ':'], `${lines.join('\n')}\n`);
}

const sinkArgs = (name: string, mechanism: string) => [
  'sink', 'run', name, '--topic', name, '--bootstrap-servers', sasl, '--sasl-mechanism', mechanism, '--sasl-username', USER,
  '--bucket', name, '--oss-endpoint', d.oss.endpoint, '--region', 'cn-hangzhou', '--access-key-id', d.accessKeyId,
  '--offset-reset', 'earliest', '--flush-interval-ms', '300', '--until-caught-up',
];
const cliEnv = (password: string) => ({ KAFKA_OSS_HOME: join(home, '.kafka-oss'), KAFKA_OSS_SASL_PASSWORD: password, KAFKA_OSS_ACCESS_KEY_SECRET: d.accessKeySecret });

describe('local up --sasl-port', () => {
  it('names the SASL listener, its mechanisms and user in the description, never the password', () => {
    expect(d.kafka.sasl).toEqual({ bootstrapServers: expect.stringMatching(/^127\.0\.0\.1:\d+$/) as unknown, securityProtocol: 'SASL_PLAINTEXT', mechanisms: ['PLAIN', 'SCRAM-SHA-256'], username: USER });
    expect(sasl).not.toBe(d.kafka.bootstrapServers);
    expect(JSON.stringify(d)).not.toContain(PASSWORD);
  });

  it('without KAFKA_OSS_LOCAL_SASL_PASSWORD makes a password, keeps it in a 0600 file named by the description, and the same one after a restart', async () => {
    const dataDir = join(home, 'generated');
    const env = { KAFKA_OSS_HOME: join(home, '.kafka-oss'), KAFKA_OSS_LOCAL_SASL_PASSWORD: undefined as unknown as string };
    const first = await startLocalUp(['--data-dir', dataDir, '--no-save-profile', '--sasl-port', '0'], env);
    const file = (first.description as SaslDescription).kafka.sasl.passwordFile!;
    expect(file).toBe(join(dataDir, 'kafka-sasl-users.json'));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const password = (JSON.parse(await readFile(file, 'utf8')) as Record<string, string>).local!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(first.process.stdout()).not.toContain(password);
    expect(await first.stop()).toBe(0);
    const again = await startLocalUp(['--data-dir', dataDir, '--no-save-profile', '--sasl-port', '0'], env);
    try {
      const servers = (again.description as SaslDescription).kafka.sasl.bootstrapServers;
      const listed = await kcat(['-b', servers, '-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=SCRAM-SHA-256', '-X', 'sasl.username=local', '-X', `sasl.password=${password}`, '-L']);
      expect(listed.toString()).toContain('1 brokers');
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });

  it('refuses --sasl-user without --sasl-port (exit 2)', async () => {
    const run = await runCli(['local', 'up', '--data-dir', join(home, 'never'), '--sasl-user', 'x'], { env: { KAFKA_OSS_HOME: join(home, '.kafka-oss') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--sasl-user needs --sasl-port');
  });
});

describe('sink run over SASL (the fetch path)', () => {
  it.each(['plain', 'scram-sha-256'])('exports every record exactly once over %s', async (mechanism) => {
    const name = `sasl-sink-${mechanism}`;
    await createTopic(name, 3);
    const perPartition = new Map([[0, 1500], [1, 700], [2, 1]]);
    for (const [partition, count] of perPartition) await produceOverSasl(name, partition, count);
    const exported = await bucket(name);
    const run = await runCli(sinkArgs(name, mechanism), { env: cliEnv(PASSWORD) });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('wrote 2201 records');
    expect(exactlyOnceProblems(offsetCounts(await readExport(exported, '')), perPartition)).toEqual([]);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });

  it('with a wrong password exits non-zero naming the mechanism and the user, never a password', async () => {
    const name = 'sasl-sink-refused';
    await createTopic(name, 1);
    await bucket(name);
    const run = await runCli(sinkArgs(name, 'scram-sha-256'), { env: cliEnv(WRONG) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/SCRAM-SHA-256|SCRAM SHA256/);
    expect(run.stderr).toContain(`"${USER}"`);
    expect(run.stdout + run.stderr).not.toContain(WRONG);
    expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  });
});

describe('send-message over SASL', () => {
  it('sends with SCRAM-SHA-256 and kcat reads it back over PLAIN', async () => {
    await createTopic('sasl-send', 2);
    const run = await runCli(['send-message', '--bootstrap-servers', sasl, '--sasl-mechanism', 'scram-sha-256', '--sasl-username', USER, '--topic', 'sasl-send', '--partition', '1', '--key', 'k', '--value', 'over sasl'], { env: cliEnv(PASSWORD) });
    expect(run).toMatchObject({ code: 0, stdout: 'topic sasl-send partition 1 offset 0\n' });
    const read = await kcat(['-C', '-b', sasl, '-X', 'security.protocol=SASL_PLAINTEXT', '-X', 'sasl.mechanisms=PLAIN', '-X', `sasl.username=${USER}`, '-X', `sasl.password=${PASSWORD}`, '-t', 'sasl-send', '-p', '1', '-o', 'beginning', '-e', '-q', '-f', '%k=%s\n']);
    expect(read.toString()).toBe('k=over sasl\n');
  });

  it('with a wrong password exits non-zero naming the mechanism and the user, never a password', async () => {
    const run = await runCli(['send-message', '--bootstrap-servers', sasl, '--sasl-mechanism', 'plain', '--sasl-username', USER, '--topic', 'sasl-send', '--value', 'x'], { env: cliEnv(WRONG) });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('PLAIN');
    expect(run.stderr).toContain(`"${USER}"`);
    expect(run.stderr).not.toMatch(/network|proxy/);
    expect(run.stdout + run.stderr).not.toContain(WRONG);
  });
});
