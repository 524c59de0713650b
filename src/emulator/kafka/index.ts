export { startKafkaBroker, type KafkaBroker, type KafkaBrokerAdmin, type KafkaBrokerOptions } from './broker.js';
export { TopicError } from './topic-store.js';
export { nodeLogFiles, type LogFiles } from './log-files.js';
