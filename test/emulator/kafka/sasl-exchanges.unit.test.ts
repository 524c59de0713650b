import { describe, expect, it } from 'vitest';
import { SaslFailure } from '../../../src/emulator/kafka/sasl/mechanisms.js';
import { plainExchange } from '../../../src/emulator/kafka/sasl/plain.js';
import { scramExchange } from '../../../src/emulator/kafka/sasl/scram.js';
import { scramCredential, SaslUserStore } from '../../../src/emulator/kafka/sasl/user-store.js';

const failureOf = (run: () => unknown): SaslFailure => {
  try {
    run();
  } catch (err) {
    if (err instanceof SaslFailure) return err;
    throw err;
  }
  throw new Error('the exchange did not refuse');
};

describe('SCRAM-SHA-256 server against the RFC 7677 §3 example', () => {
  // RFC 7677 §3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations
  const credential = scramCredential('SCRAM-SHA-256', 'pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'), 4096);
  const exchange = () => scramExchange('SCRAM-SHA-256', (name) => (name === 'user' ? credential : undefined), () => undefined, () => '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');
  const clientFirst = Buffer.from('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
  const clientFinalWithoutProof = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';

  it('answers the server-first message and, for the RFC proof, the RFC server signature', () => {
    const server = exchange();
    const first = server.evaluate(clientFirst);
    expect(first.answer.toString()).toBe('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096');
    expect(first.complete).toBe(false);
    const final = server.evaluate(Buffer.from(`${clientFinalWithoutProof},p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=`));
    expect(final.answer.toString()).toBe('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
    expect(final.complete).toBe(true);
  });

  it('refuses a proof made with another password, not telling the client why', () => {
    const server = exchange();
    server.evaluate(clientFirst);
    const proof = Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64');
    proof[0]! ^= 1;
    const failure = failureOf(() => server.evaluate(Buffer.from(`${clientFinalWithoutProof},p=${proof.toString('base64')}`)));
    expect(failure.message).toBe('Invalid client credentials');
    expect(failure.forClient).toBe(false);
  });

  it('refuses a final message whose nonce is not the one the server made', () => {
    const server = exchange();
    server.evaluate(clientFirst);
    const failure = failureOf(() => server.evaluate(Buffer.from('c=biws,r=rOprNGfwEbeRWgbNEkqOforged,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=')));
    expect(failure.message).toMatch(/nonce/);
  });

  it('refuses an unknown user, channel binding and a malformed first message', () => {
    expect(failureOf(() => exchange().evaluate(Buffer.from('n,,n=nobody,r=abc'))).message).toBe('Authentication failed: Invalid user credentials');
    expect(failureOf(() => exchange().evaluate(Buffer.from('p=tls-unique,,n=user,r=abc'))).message).toMatch(/first message format/);
    expect(failureOf(() => exchange().evaluate(Buffer.from('n,,r=abc,n=user'))).message).toMatch(/first message format/);
  });

  it('tells the client when it asks for another identity than its own', () => {
    const failure = failureOf(() => exchange().evaluate(Buffer.from('n,a=admin,n=user,r=abc')));
    expect(failure).toMatchObject({ forClient: true, message: 'Authentication failed: Client requested an authorization id that is different from username' });
  });

  it('decodes =2C and =3D in names (RFC 5802 saslname)', () => {
    let seen = '';
    scramExchange('SCRAM-SHA-256', () => credential, (name) => (seen = name)).evaluate(Buffer.from('n,,n=a=2Cb=3Dc,r=abc'));
    expect(seen).toBe('a,b=c');
  });
});

describe('PLAIN server (RFC 4616)', () => {
  const users = new SaslUserStore(['PLAIN', 'SCRAM-SHA-256'], [
    { username: 'alice', password: 's3cret-pw' },
    { username: 'scram-only', password: 'other-pw', mechanisms: ['SCRAM-SHA-256'] },
  ]);
  const plain = (message: string) => plainExchange(users, () => undefined).evaluate(Buffer.from(message));

  it('accepts the right password, with or without the same authorization id', () => {
    expect(plain('\u0000alice\u0000s3cret-pw')).toEqual({ answer: Buffer.alloc(0), complete: true });
    expect(plain('alice\u0000alice\u0000s3cret-pw').complete).toBe(true);
  });

  it("refuses with Kafka's words, none of which carries the password", () => {
    for (const [message, words] of [
      ['\u0000alice\u0000wrong-pw', 'Authentication failed: Invalid username or password'],
      ['\u0000nobody\u0000s3cret-pw', 'Authentication failed: Invalid username or password'],
      ['\u0000scram-only\u0000other-pw', 'Authentication failed: Invalid username or password'],
      ['\u0000\u0000s3cret-pw', 'Authentication failed: username not specified'],
      ['\u0000alice\u0000', 'Authentication failed: password not specified'],
      ['alice\u0000s3cret-pw', 'Invalid SASL/PLAIN response: expected 3 tokens, got 2'],
      ['bob\u0000alice\u0000s3cret-pw', 'Authentication failed: Client requested an authorization id that is different from username'],
    ] as const) {
      const failure = failureOf(() => plain(message));
      expect(failure.message, message).toBe(words);
      expect(failure.forClient).toBe(true);
    }
  });

  it('refuses users it could never authenticate', () => {
    expect(() => new SaslUserStore(['PLAIN'], [{ username: 'x', password: 'y', mechanisms: ['SCRAM-SHA-512'] }])).toThrow(/does not enable/);
    expect(() => new SaslUserStore(['PLAIN'], [{ username: 'x', password: '' }])).toThrow(/needs a password/);
    expect(() => new SaslUserStore([], [])).toThrow(/at least one mechanism/);
  });
});
