import type { Api } from './api.js';
import { apiVersionsApi } from './api-versions.js';
import { createTopicsApi } from './create-topics.js';
import { deleteTopicsApi } from './delete-topics.js';
import { describeConfigsApi } from './describe-configs.js';
import { describeGroupsApi } from './describe-groups.js';
import { fetchApi } from './fetch.js';
import { findCoordinatorApi } from './find-coordinator.js';
import { heartbeatApi } from './heartbeat.js';
import { initProducerIdApi } from './init-producer-id.js';
import { joinGroupApi } from './join-group.js';
import { leaveGroupApi } from './leave-group.js';
import { listGroupsApi } from './list-groups.js';
import { listOffsetsApi } from './list-offsets.js';
import { metadataApi } from './metadata.js';
import { offsetCommitApi } from './offset-commit.js';
import { offsetFetchApi } from './offset-fetch.js';
import { produceApi } from './produce.js';
import { saslAuthenticateApi } from './sasl-authenticate.js';
import { saslHandshakeApi } from './sasl-handshake.js';
import { syncGroupApi } from './sync-group.js';

/** Every API this broker answers, by key. ApiVersions advertises exactly these ranges. */
export function buildApiTable(): Map<number, Api> {
  const table = new Map<number, Api>();
  const apis: Api[] = [
    produceApi,
    fetchApi,
    listOffsetsApi,
    metadataApi,
    offsetCommitApi,
    offsetFetchApi,
    findCoordinatorApi,
    joinGroupApi,
    heartbeatApi,
    leaveGroupApi,
    syncGroupApi,
    describeGroupsApi,
    listGroupsApi,
    saslHandshakeApi,
    apiVersionsApi(() => [...table.values()].sort((a, b) => a.key - b.key)),
    createTopicsApi,
    deleteTopicsApi,
    initProducerIdApi,
    describeConfigsApi,
    saslAuthenticateApi,
  ];
  for (const api of apis) table.set(api.key, api);
  return table;
}

export type { Api, BrokerContext, RequestInfo } from './api.js';
