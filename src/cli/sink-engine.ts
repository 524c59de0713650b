/**
 * Everything `sink run` loads before its first fetch, in one module: `npm run build` bundles it with kafkajs into
 * one file (scripts/bundle-cli.mjs), since loading kafkajs' ~190 files and these ~40 one by one cost more CPU than
 * the rest of the start-up. The OSS client (ali-oss) and the definition file's reader stay out: they load when used.
 */
export { connectionFromFlags, readSaslPassword, SASL_PASSWORD_ENV } from '../kafka/connection-flags.js';
export { createKafkaClient } from '../kafka/kafkajs-client.js';
export { KafkaNotFoundError } from '../kafka/errors.js';
export { resolveSinkRun } from './sink-run-request.js';
export { ossObjectWriter } from '../sink/object-writer.js';
export { errorTopicReporter } from '../sink/error-topic.js';
export { startSink } from '../sink/runner.js';
export { progressLine } from '../sink/progress.js';
