export { type KafkaBrokerAdmin } from './admin.js';
export { startKafkaBroker, type KafkaBroker, type KafkaBrokerOptions } from './broker.js';
export { type BrokerStats } from './connection-set.js';
export { nodeLogFiles, type LogFiles } from './log-files.js';
export { TopicError } from './topic-store.js';
