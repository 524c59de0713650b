import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionFromFlags } from '../../src/kafka/connection-flags.js';
import { parseBootstrapServers } from '../../src/kafka/connection.js';
import { redact } from '../../src/kafka/errors.js';
import { toKafkaJsConfig } from '../../src/kafka/kafkajs-client.js';
import { parseHeaderFlags, parseMessageLines } from '../../src/kafka/message-file.js';

describe('connection options', () => {
  it('parses host:port lists and names the bad entries', () => {
    expect(parseBootstrapServers(' a:9092, b:9093 ')).toEqual({ servers: ['a:9092', 'b:9093'], problems: [] });
    expect(parseBootstrapServers('a:0,b').problems).toEqual([
      'bootstrap servers: "a:0" must be host:port with a port from 1 to 65535',
      'bootstrap servers: "b" must be host:port with a port from 1 to 65535',
    ]);
  });

  it('maps SASL SCRAM and TLS with a custom CA file to kafkajs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ca-'));
    const caFile = join(dir, 'ca.pem');
    await writeFile(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const config = toKafkaJsConfig({
      bootstrapServers: 'alikafka-pre-cn-1.alikafka.aliyuncs.com:9093',
      sasl: { mechanism: 'scram-sha-256', username: 'alice', password: 'pw' },
      tls: { caFile },
    });
    expect(config.brokers).toEqual(['alikafka-pre-cn-1.alikafka.aliyuncs.com:9093']);
    expect(config.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'alice', password: 'pw' });
    expect((config.ssl as { ca: Buffer[] }).ca[0]?.toString()).toContain('BEGIN CERTIFICATE');
  });

  it('sends kafkajs log lines to our logger with the password removed, and is silent without one', () => {
    const lines: string[] = [];
    const config = toKafkaJsConfig({ bootstrapServers: 'h:1', sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' }, log: (l) => lines.push(l) });
    const logger = config.logCreator!(config.logLevel!);
    logger({ namespace: 'Connection', level: 1, label: 'ERROR', log: { timestamp: '', message: 'auth failed for u/hunter2' } });
    expect(lines).toEqual(['kafka error [Connection] auth failed for u/***']);
    expect(toKafkaJsConfig({ bootstrapServers: 'h:1' }).logLevel).toBe(0);
    expect(redact('a secret b secret', ['secret', undefined])).toBe('a *** b ***');
  });

  it('checks the CLI connection flags together', () => {
    expect(connectionFromFlags({ bootstrapServers: 'h:1', caFile: '/no/such/ca.pem' }).problems).toEqual(['--ca-file: file not found (got "/no/such/ca.pem")']);
    expect(connectionFromFlags({ bootstrapServers: 'h:1', saslUsername: 'u' }).problems).toEqual([
      '--sasl-mechanism: is required with --sasl-username (plain, scram-sha-256 or scram-sha-512)',
    ]);
    expect(connectionFromFlags({ bootstrapServers: 'h:1', tls: true, saslMechanism: 'SCRAM-SHA-512', saslUsername: 'u' }).options).toEqual({
      bootstrapServers: ['h:1'],
      tls: true,
      sasl: { mechanism: 'scram-sha-512', username: 'u' },
    });
  });
});

describe('message files and header flags', () => {
  it('reads JSON lines and reports each bad line by number', () => {
    const { messages, problems } = parseMessageLines('{"value":"a"}\n{"value":1}\nnot json\n{"value":"b","partition":-2,"headers":{"x":1}}\n', 'm.jsonl');
    expect(messages).toEqual([{ value: 'a' }]);
    expect(problems).toEqual([
      'm.jsonl:2: "value" must be a string or null (got 1)',
      expect.stringMatching(/^m\.jsonl:3: not valid JSON/),
      'm.jsonl:4: "partition" must be an integer ≥ 0 (got -2)',
      'm.jsonl:4: "headers" must be an object of strings (got {"x":1})',
    ]);
  });

  it('splits headers at the first =', () => {
    expect(parseHeaderFlags(['a=1', 'b=x=y'])).toEqual({ headers: { a: '1', b: 'x=y' }, problems: [] });
    expect(parseHeaderFlags(['=v']).problems).toEqual(['--header: must be key=value with a non-empty key (got "=v")']);
  });
});
