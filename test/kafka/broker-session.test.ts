// The fetch path's connection (src/kafka/fetch/broker-session.ts, frame-socket.ts) over real sockets: plaintext to
// the embedded broker, TLS through a TLS terminator in front of it (certificate made with openssl for the test),
// responses larger than the connection's first buffer, a broker that never answers, one that is not there.
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, BrokerSession, type BrokerSessionOptions } from '../../src/kafka/fetch/broker-session.js';
import { FETCH_VERSION, fetchRequestBody, readFetchResponse } from '../../src/kafka/fetch/fetch-request.js';
import { decodeRecordBatches } from '../../src/kafka/fetch/record-batches.js';
import { RecordColumns } from '../../src/kafka/fetch/record-columns.js';
import { kcat, startTestKafka, type TestKafka } from '../support/test-kafka.js';
import { startTlsTerminator, type TlsTerminator } from '../support/tls-terminator.js';

let kafka: TestKafka;
let tls: TlsTerminator;
const TOPIC = 'session-topic';
const RECORDS = 3_000; // ~3 MB: more than the connection's first 1 MiB buffer
const VALUE = 'v'.repeat(1_000);

beforeAll(async () => {
  kafka = await startTestKafka();
  await kafka.createTopic(TOPIC, 1);
  await kcat(['-P', '-b', kafka.bootstrapServers, '-t', TOPIC, '-p', '0'], Array.from({ length: RECORDS }, (_, i) => `${i} ${VALUE}`).join('\n') + '\n');
  // TLS in front of the broker: what a client sees of an alikafka SSL endpoint, minus SASL
  tls = await startTlsTerminator(Number(kafka.bootstrapServers.split(':')[1]));
});

afterAll(async () => {
  await tls?.close();
  await kafka?.close();
});

const options = (port: number, extra: Partial<BrokerSessionOptions> = {}): BrokerSessionOptions => ({
  host: '127.0.0.1',
  port,
  clientId: 'session-test',
  connectionTimeoutMs: 2_000,
  requestTimeoutMs: 5_000,
  ...extra,
});

/** Fetches the whole partition from offset 0, one request after another, as a BrokerFetcher does. */
async function fetchAll(session: BrokerSession): Promise<string[]> {
  const values: string[] = [];
  const columns = new RecordColumns();
  let offset = 0;
  while (offset < RECORDS) {
    const body = fetchRequestBody([{ topic: TOPIC, partition: 0, fetchOffset: offset, maxBytes: 8 * 1024 * 1024 }], { maxWaitMs: 100, minBytes: 1, maxBytes: 8 * 1024 * 1024 });
    const reader = await session.request(ApiKey.Fetch, FETCH_VERSION, body);
    const [answer] = readFetchResponse(reader);
    if (!answer || answer.errorCode !== 0) throw new Error(`fetch failed: ${JSON.stringify(answer)}`);
    columns.clear();
    offset = decodeRecordBatches(reader.data, answer.recordsStart, answer.recordsEnd, offset, undefined, columns).nextOffset;
    for (let i = 0; i < columns.length; i += 1) {
      const source = columns.valueSource(i);
      values.push(Buffer.from(source.buffer, source.byteOffset + columns.valueStart(i), columns.valueLength(i)).toString());
    }
  }
  return values;
}

const expected = Array.from({ length: RECORDS }, (_, i) => `${i} ${VALUE}`);

describe('BrokerSession', () => {
  it('speaks plaintext to the broker: versions, then fetches larger than its first buffer', async () => {
    const session = await BrokerSession.open(options(Number(kafka.bootstrapServers.split(':')[1])));
    try {
      expect(session.version(ApiKey.Fetch, 4, 4)).toBe(4);
      expect(await fetchAll(session)).toEqual(expected);
    } finally {
      session.close();
    }
  });

  it('speaks TLS, checking the certificate against the CA it is given', async () => {
    const session = await BrokerSession.open(options(tls.port, { tls: { ca: [tls.certificate], servername: 'localhost' } }));
    try {
      expect(await fetchAll(session)).toEqual(expected);
    } finally {
      session.close();
    }
    await expect(BrokerSession.open(options(tls.port, { tls: { servername: 'localhost' } }))).rejects.toThrow(/self.signed|certificate/i);
  });

  it('gives up on a broker that accepts and never answers, and on one that is not there', async () => {
    const silent = createTcpServer((socket) => socket.on('data', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      await expect(BrokerSession.open(options(port, { requestTimeoutMs: 300 }))).rejects.toThrow(/no answer from the broker within 300 ms/);
    } finally {
      silent.close();
    }
    await expect(BrokerSession.open(options(1))).rejects.toThrow(/ECONNREFUSED/);
  });
});
