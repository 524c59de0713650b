import type { Reader, Writer } from '../codec.js';
import type { GroupCoordinator } from '../group-coordinator.js';
import type { SaslAuthenticator } from '../sasl/authenticator.js';
import type { TopicStore } from '../topic-store.js';

/** What every API handler may use: the broker's identity and its state. */
export interface BrokerContext {
  nodeId: number;
  host: string;
  port: number;
  clusterId: string;
  topics: TopicStore;
  groups: GroupCoordinator;
  autoCreateTopics: boolean;
  /** Deletes a topic with its data and every group's committed offsets for it. */
  deleteTopic(name: string): void;
  /** Calls `wake` when the broker starts closing, so long polls end early; returns the function that cancels it. */
  onClosing(wake: () => void): () => void;
  log: (line: string) => void;
}

export interface RequestInfo {
  version: number;
  clientId: string;
  clientHost: string;
  /** The connection's SASL state, on the SASL listener only. */
  sasl?: SaslAuthenticator;
}

/**
 * One API key: the versions it answers and how. `handle` reads the request body and writes the response
 * body; it returns false when no response is sent (Produce with acks=0).
 */
export interface Api {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** First version using the flexible (compact, tagged-field) encoding, if any supported version does. */
  flexibleFrom?: number;
  handle(broker: BrokerContext, req: RequestInfo, r: Reader, w: Writer): boolean | Promise<boolean>;
}
