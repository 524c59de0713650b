export { type KafkaBrokerAdmin } from './admin.js';
export { startKafkaBroker, type KafkaBroker, type KafkaBrokerOptions, type KafkaBrokerSaslOptions } from './broker.js';
export { type BrokerStats } from './connection-set.js';
export { nodeLogFiles, type LogFiles } from './log-files.js';
export { TopicError } from './topic-store.js';
export { SASL_MECHANISM_NAMES, type SaslMechanismName, type SaslUser } from './sasl/mechanisms.js';
