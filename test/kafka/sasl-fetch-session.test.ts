// The fetch path's own SASL (src/kafka/fetch/sasl.ts: SaslHandshake v1, then kafkajs' mechanisms carried in
// SaslAuthenticate) against the embedded broker's SASL listener, in the clear and through TLS (SASL_SSL, what
// alikafka's public endpoint is; the TLS terminator in front of the listener has a certificate made for the test).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaBroker, type KafkaBroker } from '../../src/emulator/kafka/index.js';
import type { SaslMechanism } from '../../src/kafka/connection.js';
import { ApiKey, BrokerRefusedError, BrokerSession, type BrokerSessionOptions } from '../../src/kafka/fetch/broker-session.js';
import { FETCH_VERSION, fetchRequestBody, readFetchResponse } from '../../src/kafka/fetch/fetch-request.js';
import { decodeRecordBatches } from '../../src/kafka/fetch/record-batches.js';
import { RecordColumns } from '../../src/kafka/fetch/record-columns.js';
import { kcat } from '../support/test-kafka.js';
import { startTlsTerminator, type TlsTerminator } from '../support/tls-terminator.js';

const USER = 'fetch-user';
const PASSWORD = 'fetch-pw-Jm2!never-shown';
const WRONG = 'fetch-wrong-Vb7!never-shown';
const TOPIC = 'sasl-fetch';
const lines = Array.from({ length: 400 }, (_, i) => `record ${i}`);

let broker: KafkaBroker;
let dataDir: string;
let tls: TlsTerminator;
const brokerLog: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sasl-fetch-'));
  broker = await startKafkaBroker({ dataDir, sasl: { users: [{ username: USER, password: PASSWORD }] }, log: (l) => brokerLog.push(l) });
  await broker.admin.createTopic(TOPIC, { partitions: 1 });
  await kcat(['-P', '-b', broker.bootstrapServers, '-t', TOPIC, '-p', '0'], `${lines.join('\n')}\n`);
  tls = await startTlsTerminator(broker.sasl!.port);
});

afterAll(async () => {
  await tls?.close();
  await broker?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const options = (port: number, mechanism: SaslMechanism, password: string, extra: Partial<BrokerSessionOptions> = {}): BrokerSessionOptions => ({
  host: '127.0.0.1',
  port,
  clientId: 'sasl-fetch-test',
  connectionTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
  sasl: { mechanism, username: USER, password },
  ...extra,
});

async function fetchValues(session: BrokerSession): Promise<string[]> {
  const body = fetchRequestBody([{ topic: TOPIC, partition: 0, fetchOffset: 0, maxBytes: 1 << 20 }], { maxWaitMs: 100, minBytes: 1, maxBytes: 1 << 20 });
  const reader = await session.request(ApiKey.Fetch, FETCH_VERSION, body);
  const [answer] = readFetchResponse(reader);
  expect(answer?.errorCode).toBe(0);
  const columns = new RecordColumns();
  decodeRecordBatches(reader.data, answer!.recordsStart, answer!.recordsEnd, 0, undefined, columns);
  return Array.from({ length: columns.length }, (_, i) => {
    const source = columns.valueSource(i);
    return Buffer.from(source.buffer, source.byteOffset + columns.valueStart(i), columns.valueLength(i)).toString();
  });
}

async function refusal(opts: BrokerSessionOptions): Promise<Error> {
  const error = await BrokerSession.open(opts).then(
    (s) => (s.close(), undefined),
    (err: unknown) => err as Error,
  );
  if (!error) throw new Error('the session opened');
  return error;
}

describe('the fetch path over SASL', () => {
  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('authenticates with %s and fetches', async (mechanism) => {
    const session = await BrokerSession.open(options(broker.sasl!.port, mechanism, PASSWORD));
    try {
      expect(session.expiresWithin(60_000)).toBe(false); // session lifetime 0: no expiry
      expect(await fetchValues(session)).toEqual(lines);
    } finally {
      session.close();
    }
  });

  it('authenticates through TLS (SASL_SSL) with PLAIN, as on an alikafka public endpoint', async () => {
    const session = await BrokerSession.open(options(tls.port, 'plain', PASSWORD, { tls: { ca: [tls.certificate], servername: 'localhost' } }));
    try {
      expect(await fetchValues(session)).toEqual(lines);
    } finally {
      session.close();
    }
  });

  it.each(['plain', 'scram-sha-256'] as const)('stops on a wrong password over %s with the broker\'s reason, never the password', async (mechanism) => {
    const error = await refusal(options(broker.sasl!.port, mechanism, WRONG));
    expect(error.message).toMatch(/authentication failed/i);
    expect(error.message).toContain(broker.sasl!.bootstrapServers);
    for (const text of [error.message, String(error.stack), ...brokerLog]) {
      expect(text).not.toContain(WRONG);
      expect(text).not.toContain(PASSWORD);
    }
  });

  it('stops when pointed at the plaintext listener with SASL: the broker enables no mechanism there (ILLEGAL_SASL_STATE)', async () => {
    const error = await refusal(options(broker.port, 'plain', PASSWORD));
    expect(error).toBeInstanceOf(BrokerRefusedError);
    expect(error.message).toBe(`the broker ${broker.bootstrapServers} does not enable SASL PLAIN (it offers none)`);
  });
});
