export { startKafkaBroker, type KafkaBroker, type KafkaBrokerAdmin, type KafkaBrokerOptions } from './broker.js';
export { TopicError } from './topic-store.js';
