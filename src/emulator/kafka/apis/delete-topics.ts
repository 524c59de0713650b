import { ErrorCode } from '../error-codes.js';
import type { Api } from './api.js';

/** DeleteTopics (20) v0–3: the topic's data and its committed offsets go. */
export const deleteTopicsApi: Api = {
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 3,
  handle(broker, req, r, w) {
    const names = r.array((x) => x.string());
    r.int32(); // timeout
    const results = names.map((name) => {
      if (!broker.topics.get(name)) return { name, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
      broker.deleteTopic(name);
      return { name, errorCode: ErrorCode.NONE };
    });
    if (req.version >= 1) w.int32(0);
    w.array(results, (w2, t) => w2.string(t.name).int16(t.errorCode));
    return true;
  },
};
