export type * from './client.js';
export { createKafkaClient, toKafkaJsConfig } from './kafkajs-client.js';
export { parseBootstrapServers, SASL_MECHANISMS, type KafkaConnectionOptions, type SaslCredentials, type SaslMechanism, type TlsOptions } from './connection.js';
export { KafkaNotFoundError, KafkaRequestError, redact } from './errors.js';
