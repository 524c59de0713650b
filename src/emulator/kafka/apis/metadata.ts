import { ErrorCode } from '../error-codes.js';
import { LogStorageError } from '../log-files.js';
import type { Topic } from '../topic-store.js';
import { topicNameProblem } from '../topic-configs.js';
import type { Api, BrokerContext } from './api.js';

const DEFAULT_AUTO_CREATE_PARTITIONS = 1;

/** Metadata (3) v0–8: one broker, leader of every partition. */
export const metadataApi: Api = {
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 8,
  handle(broker, req, r, w) {
    const v = req.version;
    const requested = r.nullableArray((x) => x.string());
    const allowAutoCreate = v >= 4 ? r.bool() : true;
    if (v >= 8) {
      r.bool(); // include cluster authorized operations
      r.bool(); // include topic authorized operations
    }
    // v0 asks for every topic with an empty list; v1+ with null
    const all = requested === null || (v === 0 && requested.length === 0);
    const answers: { name: string; errorCode: number; topic?: Topic }[] = [];
    if (all) for (const topic of broker.topics.list()) answers.push({ name: topic.name, errorCode: ErrorCode.NONE, topic });
    else {
      for (const name of requested) {
        let topic = broker.topics.get(name);
        if (!topic && broker.autoCreateTopics && allowAutoCreate && !topicNameProblem(name)) topic = autoCreate(broker, name);
        if (topic) answers.push({ name, errorCode: ErrorCode.NONE, topic });
        else answers.push({ name, errorCode: topicNameProblem(name) ? ErrorCode.INVALID_TOPIC_EXCEPTION : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
      }
    }
    if (v >= 3) w.int32(0);
    w.array([broker.nodeId], (w2, id) => {
      w2.int32(id).string(broker.host).int32(broker.port);
      if (v >= 1) w2.nullableString(null); // rack
    });
    if (v >= 2) w.nullableString(broker.clusterId);
    if (v >= 1) w.int32(broker.nodeId); // controller
    w.array(answers, (w2, a) => {
      w2.int16(a.errorCode).string(a.name);
      if (v >= 1) w2.bool(false); // internal
      w2.array(a.topic?.partitions.map((_, i) => i) ?? [], (w3, p) => {
        w3.int16(ErrorCode.NONE).int32(p).int32(broker.nodeId);
        if (v >= 7) w3.int32(0); // leader epoch
        w3.array([broker.nodeId], (w4, id) => w4.int32(id)); // replicas
        w3.array([broker.nodeId], (w4, id) => w4.int32(id)); // in-sync replicas
        if (v >= 5) w3.array([], () => undefined); // offline replicas
      });
      if (v >= 8) w2.int32(-2147483648); // topic authorized operations: not computed
    });
    if (v >= 8) w.int32(-2147483648); // cluster authorized operations: not computed
    return true;
  },
};

/** Creates a topic a client asked about; one that could not be created stays unknown. */
function autoCreate(broker: BrokerContext, name: string): Topic | undefined {
  try {
    const topic = broker.topics.create(name, DEFAULT_AUTO_CREATE_PARTITIONS);
    broker.log(`auto-created topic ${name}`);
    return topic;
  } catch (err) {
    if (!(err instanceof LogStorageError)) throw err;
    broker.log(`auto-create of topic ${name} failed: ${err.message}`);
    return undefined;
  }
}
