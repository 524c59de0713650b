import { ErrorCode } from '../error-codes.js';
import { TOPIC_CONFIGS } from '../topic-configs.js';
import type { Api } from './api.js';

const RESOURCE_TOPIC = 2;
const RESOURCE_BROKER = 4;
const SOURCE_TOPIC = 1;
const SOURCE_DEFAULT = 5;

interface ConfigEntry {
  name: string;
  value: string;
  isDefault: boolean;
}

/** DescribeConfigs (32) v0–2: topic configs, set ones and defaults; the broker itself has none to show. */
export const describeConfigsApi: Api = {
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 2,
  handle(broker, req, r, w) {
    const v = req.version;
    const resources = r.array((rr) => ({ type: rr.int8(), name: rr.string(), keys: rr.nullableArray((x) => x.string()) }));
    if (v >= 1) r.bool(); // include synonyms
    const results = resources.map((res) => {
      if (res.type === RESOURCE_BROKER) return { ...res, errorCode: ErrorCode.NONE, message: null, entries: [] as ConfigEntry[] };
      if (res.type !== RESOURCE_TOPIC) {
        return { ...res, errorCode: ErrorCode.INVALID_REQUEST, message: `resource type ${res.type} is not supported`, entries: [] };
      }
      const topic = broker.topics.get(res.name);
      if (!topic) return { ...res, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `topic ${res.name} does not exist`, entries: [] };
      const entries: ConfigEntry[] = Object.entries(TOPIC_CONFIGS)
        .filter(([name]) => res.keys === null || res.keys.includes(name))
        .map(([name, rule]) => ({ name, value: topic.configs[name] ?? rule.default, isDefault: !(name in topic.configs) }));
      return { ...res, errorCode: ErrorCode.NONE, message: null, entries };
    });
    w.int32(0);
    w.array(results, (w2, res) => {
      w2.int16(res.errorCode).nullableString(res.message).int8(res.type).string(res.name);
      w2.array(res.entries, (w3, e) => {
        w3.string(e.name).nullableString(e.value).bool(false);
        if (v === 0) w3.bool(e.isDefault);
        else w3.int8(e.isDefault ? SOURCE_DEFAULT : SOURCE_TOPIC);
        w3.bool(false); // sensitive
        if (v >= 1) w3.array([], () => undefined); // synonyms
      });
    });
    return true;
  },
};
