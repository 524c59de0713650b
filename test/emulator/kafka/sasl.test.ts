import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writer } from '../../../src/emulator/kafka/codec.js';
import { kcat, startBrokerUnderTest, type BrokerUnderTest } from './broker-under-test.js';
import { produce, RawClient, recordBatch } from './raw-client.js';

const USER = 'sasl-alice';
const PASSWORD = 'pw-Xq7!never-shown';
const WRONG_PASSWORD = 'pw-wrong-Zk4-never-shown';

let under: BrokerUnderTest;
let sasl: string;
let saslPort: number;

beforeAll(async () => {
  under = await startBrokerUnderTest({
    sasl: {
      users: [
        { username: USER, password: PASSWORD },
        { username: 'plain-only', password: 'plain-only-pw', mechanisms: ['PLAIN'] },
      ],
    },
  });
  sasl = under.broker.sasl!.bootstrapServers;
  saslPort = under.broker.sasl!.port;
  await under.broker.admin.createTopic('sasl-kcat', { partitions: 1 });
});
afterAll(() => under.close());

const saslArgs = (mechanism: string, password = PASSWORD, username = USER) => [
  '-b', sasl,
  '-X', 'security.protocol=SASL_PLAINTEXT',
  '-X', `sasl.mechanisms=${mechanism}`,
  '-X', `sasl.username=${username}`,
  '-X', `sasl.password=${password}`,
];

describe('SASL_PLAINTEXT listener with kcat (librdkafka)', () => {
  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'])('produces and consumes over %s', async (mechanism) => {
    const lines = Array.from({ length: 500 }, (_, i) => `${mechanism} record ${i}`);
    const before = (await under.broker.admin.highWatermarks('sasl-kcat'))[0]!;
    const produced = await kcat([...saslArgs(mechanism), '-P', '-t', 'sasl-kcat', '-p', '0'], `${lines.join('\n')}\n`);
    expect(produced.code, produced.stderr).toBe(0);
    expect(await under.broker.admin.highWatermarks('sasl-kcat')).toEqual([before + 500]);
    const consumed = await kcat([...saslArgs(mechanism), '-C', '-t', 'sasl-kcat', '-o', String(before), '-e', '-q']);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.toString().split('\n').slice(0, -1)).toEqual(lines);
  });

  it('lists metadata naming the SASL listener, not the plaintext one', async () => {
    const listed = await kcat([...saslArgs('SCRAM-SHA-256'), '-L', '-J']);
    expect(listed.code, listed.stderr).toBe(0);
    const meta = JSON.parse(listed.stdout.toString()) as { brokers: { id: number; name: string }[] };
    expect(meta.brokers).toEqual([{ id: 0, name: sasl }]);
  });

  it.each(['PLAIN', 'SCRAM-SHA-256'])('fails over %s with a wrong password: an authentication error without the password', async (mechanism) => {
    const result = await kcat([...saslArgs(mechanism, WRONG_PASSWORD), '-L', '-m', '2']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Authentication failed/);
    expect(result.stderr).not.toContain(WRONG_PASSWORD);
    expect(under.logs.join('\n')).not.toContain(WRONG_PASSWORD);
    expect(under.logs.join('\n')).not.toContain(PASSWORD);
  });

  it('refuses a user over a mechanism it does not have (PLAIN-only user over SCRAM)', async () => {
    const result = await kcat([...saslArgs('SCRAM-SHA-256', 'plain-only-pw', 'plain-only'), '-L', '-m', '2']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Authentication failed/);
  });
});

/** SaslHandshake (17) body: the mechanism. */
const handshakeBody = (mechanism: string) => new Writer().string(mechanism).toBuffer();
/** SaslAuthenticate (36) body: the token as BYTES. */
const authenticateBody = (token: Buffer) => new Writer().bytes(token).toBuffer();
const metadataV1 = () => new Writer().int32(-1).toBuffer(); // all topics
const plainToken = (user: string, password: string) => Buffer.from(`\u0000${user}\u0000${password}`);

async function handshake(client: RawClient, mechanism: string, version = 1): Promise<{ errorCode: number; mechanisms: string[] }> {
  const r = await client.request(17, version, handshakeBody(mechanism));
  return { errorCode: r.int16(), mechanisms: r.array((x) => x.string()) };
}

async function authenticate(client: RawClient, token: Buffer, version = 1) {
  const r = await client.request(36, version, authenticateBody(token));
  const answer = { errorCode: r.int16(), errorMessage: r.nullableString(), token: r.bytes() };
  return { ...answer, sessionLifetimeMs: version >= 1 ? r.int64() : undefined };
}

describe('SASL_PLAINTEXT listener, raw frames', () => {
  it('closes the connection on a Metadata or a Produce before authentication, unanswered, and stores nothing', async () => {
    const before = await under.broker.admin.highWatermarks('sasl-kcat');
    const metadata = await RawClient.connect(saslPort);
    await expect(metadata.request(3, 1, metadataV1())).rejects.toThrow('closed');
    const producer = await RawClient.connect(saslPort);
    await expect(produce(producer, 'sasl-kcat', 0, recordBatch([{ value: 'sneaked in' }]))).rejects.toThrow('closed');
    expect(await under.broker.admin.highWatermarks('sasl-kcat')).toEqual(before);
    expect(under.logs.join('\n')).toMatch(/Metadata before SASL authentication/);
  });

  it('after ApiVersions serves only SaslHandshake, and after the handshake only SaslAuthenticate', async () => {
    const a = await RawClient.connect(saslPort);
    const versions = await a.request(18, 0, Buffer.alloc(0));
    expect(versions.int16()).toBe(0);
    const apis = versions.array((x) => ({ key: x.int16(), min: x.int16(), max: x.int16() }));
    expect(apis.find((x) => x.key === 17)).toEqual({ key: 17, min: 0, max: 1 });
    expect(apis.find((x) => x.key === 36)).toEqual({ key: 36, min: 0, max: 1 });
    await expect(a.request(3, 1, metadataV1())).rejects.toThrow('closed');

    const b = await RawClient.connect(saslPort);
    expect(await handshake(b, 'PLAIN')).toEqual({ errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
    await expect(b.request(3, 1, metadataV1())).rejects.toThrow('closed');
  });

  it('answers an unknown mechanism with UNSUPPORTED_SASL_MECHANISM (33) and the enabled ones, then closes', async () => {
    const client = await RawClient.connect(saslPort);
    expect(await handshake(client, 'GSSAPI')).toEqual({ errorCode: 33, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
    await client.closed;
  });

  it('answers a wrong password with SASL_AUTHENTICATION_FAILED (58), a message without the password, then closes', async () => {
    const client = await RawClient.connect(saslPort);
    await handshake(client, 'PLAIN');
    const answer = await authenticate(client, plainToken(USER, WRONG_PASSWORD));
    expect(answer.errorCode).toBe(58);
    expect(answer.errorMessage).toBe('Authentication failed: Invalid username or password');
    await client.closed;
    expect(under.logs.join('\n')).toContain(`SASL PLAIN authentication of "${USER}" failed`);
    expect(under.logs.join('\n')).not.toContain(WRONG_PASSWORD);
  });

  it('serves every API once authenticated (SaslAuthenticate v1: session lifetime 0), and SASL requests then answer ILLEGAL_SASL_STATE (34)', async () => {
    const client = await RawClient.connect(saslPort);
    expect((await handshake(client, 'PLAIN')).errorCode).toBe(0);
    expect(await authenticate(client, plainToken(USER, PASSWORD))).toEqual({ errorCode: 0, errorMessage: null, token: Buffer.alloc(0), sessionLifetimeMs: 0 });
    const metadata = await client.request(3, 1, metadataV1());
    const brokers = metadata.array((x) => ({ id: x.int32(), host: x.string(), port: x.int32(), rack: x.nullableString() }));
    expect(brokers).toEqual([{ id: 0, host: '127.0.0.1', port: saslPort, rack: null }]);
    expect((await handshake(client, 'PLAIN')).errorCode).toBe(34);
    expect((await authenticate(client, plainToken(USER, PASSWORD))).errorCode).toBe(34);
  });

  it('reads at most 512 KiB per frame before authentication (sasl.server.max.receive.size), the usual limit after', async () => {
    const big = recordBatch([{ value: Buffer.alloc(600 * 1024, 7) }]);
    const early = await RawClient.connect(saslPort);
    await early.write(Buffer.from([0, 0x0a, 0, 0])); // a frame of 655 360 bytes announced
    await early.closed;
    expect(under.logs.join('\n')).toMatch(/frame length 655360 is outside 0\.\.524288/);

    const late = await RawClient.connect(saslPort);
    await handshake(late, 'PLAIN');
    expect((await authenticate(late, plainToken(USER, PASSWORD))).errorCode).toBe(0);
    expect((await produce(late, 'sasl-kcat', 0, big)).errorCode).toBe(0);
    late.close();
  });

  it('speaks SaslHandshake v0: bare length-prefixed PLAIN token, bare answer, then requests', async () => {
    const client = await RawClient.connect(saslPort);
    expect((await handshake(client, 'PLAIN', 0)).errorCode).toBe(0);
    expect(await client.exchangeToken(plainToken(USER, PASSWORD))).toEqual(Buffer.alloc(0)); // PLAIN answers an empty token
    const metadata = await client.request(3, 1, metadataV1());
    expect(metadata.array((x) => ({ id: x.int32(), host: x.string(), port: x.int32(), rack: x.nullableString() }))[0]?.port).toBe(saslPort);
  });

  it('closes without an answer on a wrong SaslHandshake v0 token', async () => {
    const client = await RawClient.connect(saslPort);
    await handshake(client, 'PLAIN', 0);
    await expect(client.exchangeToken(plainToken(USER, WRONG_PASSWORD))).rejects.toThrow('closed');
  });

  it('the plaintext listener answers SaslHandshake with ILLEGAL_SASL_STATE (34), as a Kafka PLAINTEXT listener', async () => {
    const client = await RawClient.connect(under.broker.port);
    expect(await handshake(client, 'PLAIN')).toEqual({ errorCode: 34, mechanisms: [] });
    client.close();
  });
});
