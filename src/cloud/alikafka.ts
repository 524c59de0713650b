import AlikafkaModule, * as A from '@alicloud/alikafka20190916';
import type { ConsumerGroupSummary, InstanceSummary, TopicSummary } from '../definition/catalog.js';
import { callWithRetry, CloudApiError } from './cloud-error.js';
import { sdkClientClass } from './sdk-interop.js';
import type { CloudTarget } from './target.js';

const Client = sdkClientClass(AlikafkaModule);
type AlikafkaClient = InstanceType<typeof Client>;

/**
 * alikafka reports some failures, flow control among them, as HTTP 200 with `Success: false`, and then its
 * Code may be a string such as ONS_SYSTEM_FLOW_CONTROL (Terraform's alicloud provider reads such bodies as
 * errors: connectivity/client.go formatError). The SDK's response models type Code as a number, so their
 * cast throws "type of code is mismatch" and the code is lost; the body is read here, before the cast.
 */
function failOnSuccessFalse(client: AlikafkaClient): AlikafkaClient {
  const callApi = client.callApi.bind(client);
  client.callApi = async (params, request, runtime) => {
    const response = await callApi(params, request, runtime);
    const body = (response as { body?: Record<string, unknown> } | undefined)?.body;
    if (body?.Success === false) {
      const requestId = typeof body.RequestId === 'string' ? body.RequestId : undefined;
      throw new CloudApiError(`alikafka ${params.action}`, String(body.Code ?? 'Unknown'), String(body.Message ?? 'no message'), 200, requestId);
    }
    return response;
  };
  return client;
}

/** One partition's progress as GetConsumerProgress reports it. */
export interface PartitionProgress {
  topic: string;
  partition: number;
  /** The partition's end offset (high watermark). */
  brokerOffset: number;
  /** The group's committed offset. */
  consumerOffset: number;
  /** Messages not yet consumed: brokerOffset − consumerOffset. */
  accumulate: number;
}

export interface ConsumerProgress {
  /** STABLE, EMPTY, PREPARING_REBALANCE, … as alikafka names Kafka's group states. */
  state: string;
  totalDiff: number;
  partitions: PartitionProgress[];
}

export interface CreateTopicInput {
  instanceId: string;
  topic: string;
  remark: string;
  partitionNum: number;
  localTopic: boolean;
  compactTopic: boolean;
  tags?: Record<string, string>;
}

/** The alikafka 2019-09-16 calls the tool makes; `Success: false` becomes a CloudApiError, flow control is retried. */
export class AlikafkaApi {
  private readonly client: AlikafkaClient;
  readonly regionId: string;

  constructor(target: CloudTarget) {
    this.client = failOnSuccessFalse(new Client(target.rpcConfig('alikafka')));
    this.regionId = target.regionId;
  }

  private async call<T extends { success?: boolean; code?: number; message?: string; requestId?: string }>(api: string, run: () => Promise<{ body?: T }>): Promise<T> {
    const body = (await callWithRetry(`alikafka ${api}`, async () => {
      const response = await run();
      const result = response.body;
      if (!result) throw new CloudApiError(`alikafka ${api}`, 'Unknown', 'no response body', 200);
      return result;
    }));
    return body;
  }

  async listInstances(): Promise<InstanceSummary[]> {
    const body = await this.call('GetInstanceList', () => this.client.getInstanceList(new A.GetInstanceListRequest({ regionId: this.regionId })));
    return (body.instanceList?.instanceVO ?? [])
      .filter((i) => i.serviceStatus === undefined || i.serviceStatus === 5)
      .map((i) => ({
        instanceId: i.instanceId ?? '',
        name: i.name ?? '',
        regionId: i.regionId ?? this.regionId,
        vpcId: i.vpcId ?? '',
        vSwitchId: i.vSwitchId ?? '',
        ...(i.zoneId ? { zoneId: i.zoneId } : {}),
        ...(i.securityGroup ? { securityGroup: i.securityGroup } : {}),
        endpoints: {
          ...(i.endPoint ? { plaintext: i.endPoint } : {}),
          ...(i.sslEndPoint ? { ssl: i.sslEndPoint } : {}),
          ...(i.saslEndPoint ? { sasl: i.saslEndPoint } : {}),
        },
      }));
  }

  async listTopics(instanceId: string): Promise<TopicSummary[]> {
    const topics: TopicSummary[] = [];
    for (let page = 1; ; page++) {
      const body = await this.call('GetTopicList', () =>
        this.client.getTopicList(new A.GetTopicListRequest({ regionId: this.regionId, instanceId, currentPage: String(page), pageSize: '100' })),
      );
      for (const t of body.topicList?.topicVO ?? []) {
        topics.push({
          name: t.topic ?? '',
          partitionNum: t.partitionNum ?? 0,
          localTopic: Boolean(t.localTopic),
          compactTopic: Boolean(t.compactTopic),
          ...(t.remark ? { remark: t.remark } : {}),
        });
      }
      if (topics.length >= (body.total ?? 0) || (body.topicList?.topicVO ?? []).length === 0) return topics;
    }
  }

  async createTopic(input: CreateTopicInput): Promise<void> {
    await this.call('CreateTopic', () =>
      this.client.createTopic(new A.CreateTopicRequest({
        regionId: this.regionId,
        instanceId: input.instanceId,
        topic: input.topic,
        remark: input.remark,
        partitionNum: String(input.partitionNum),
        localTopic: input.localTopic,
        compactTopic: input.compactTopic,
        tag: Object.entries(input.tags ?? {}).map(([key, value]) => new A.CreateTopicRequestTag({ key, value })),
      })),
    );
  }

  async deleteTopic(instanceId: string, topic: string): Promise<void> {
    await this.call('DeleteTopic', () => this.client.deleteTopic(new A.DeleteTopicRequest({ regionId: this.regionId, instanceId, topic })));
  }

  async listConsumerGroups(instanceId: string): Promise<ConsumerGroupSummary[]> {
    const groups: ConsumerGroupSummary[] = [];
    for (let page = 1; ; page++) {
      const body = await this.call('GetConsumerList', () =>
        this.client.getConsumerList(new A.GetConsumerListRequest({ regionId: this.regionId, instanceId, currentPage: page, pageSize: 100 })),
      );
      const rows = body.consumerList?.consumerVO ?? [];
      for (const g of rows) {
        groups.push({ consumerId: g.consumerId ?? '', tags: Object.fromEntries((g.tags?.tagVO ?? []).map((t) => [t.key ?? '', t.value ?? ''])) });
      }
      if (groups.length >= (body.total ?? 0) || rows.length === 0) return groups;
    }
  }

  async createConsumerGroup(instanceId: string, consumerId: string, opts: { remark?: string; tags?: Record<string, string> } = {}): Promise<void> {
    await this.call('CreateConsumerGroup', () =>
      this.client.createConsumerGroup(new A.CreateConsumerGroupRequest({
        regionId: this.regionId,
        instanceId,
        consumerId,
        ...(opts.remark ? { remark: opts.remark } : {}),
        tag: Object.entries(opts.tags ?? {}).map(([key, value]) => new A.CreateConsumerGroupRequestTag({ key, value })),
      })),
    );
  }

  async deleteConsumerGroup(instanceId: string, consumerId: string): Promise<void> {
    await this.call('DeleteConsumerGroup', () => this.client.deleteConsumerGroup(new A.DeleteConsumerGroupRequest({ regionId: this.regionId, instanceId, consumerId })));
  }

  /** A consumer group's committed offsets and lag per partition (GetConsumerProgress). */
  async consumerProgress(instanceId: string, consumerId: string): Promise<ConsumerProgress> {
    const body = await this.call('GetConsumerProgress', () =>
      this.client.getConsumerProgress(new A.GetConsumerProgressRequest({ regionId: this.regionId, instanceId, consumerId, hideLastTimestamp: true })),
    );
    const progress = body.consumerProgress;
    const partitions = (progress?.topicList?.topicList ?? []).flatMap((t) =>
      (t.offsetList?.offsetList ?? []).map((o) => ({
        topic: t.topic ?? '',
        partition: o.partition ?? 0,
        brokerOffset: o.brokerOffset ?? 0,
        consumerOffset: o.consumerOffset ?? 0,
        accumulate: o.accumulate ?? 0,
      })),
    );
    return { state: progress?.state ?? 'UNKNOWN', totalDiff: progress?.totalDiff ?? 0, partitions };
  }

  /** Each partition's newest offset, for lag diagnosis. */
  async topicEndOffsets(instanceId: string, topic: string): Promise<number[]> {
    const body = await this.call('GetTopicStatus', () => this.client.getTopicStatus(new A.GetTopicStatusRequest({ instanceId, topic })));
    const rows = body.topicStatus?.offsetTable?.offsetTable ?? [];
    return rows.sort((a, b) => (a.partition ?? 0) - (b.partition ?? 0)).map((r) => r.maxOffset ?? 0);
  }
}
