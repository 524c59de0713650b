import AlikafkaModule, * as A from '@alicloud/alikafka20190916';
import type { ConsumerGroupSummary, InstanceSummary, TopicSummary } from '../definition/catalog.js';
import { KafkaOssError } from '../errors.js';
import { callWithRetry, CloudApiError } from './cloud-error.js';
import { sdkClientClass } from './sdk-interop.js';
import type { CloudTarget } from './target.js';
import { alikafkaInterval, Pacer } from './pacer.js';

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

/** GetInstanceList ServiceStatus of a running instance (0 pending, 1 deploying, 5 running, 15 expired: alikafka API reference). */
export const INSTANCE_RUNNING = 5;

/** GetTopicList TopicVO.Status of a topic that is running ("0: The topic is running", alikafka API reference GetTopicList). */
export const TOPIC_RUNNING = 0;

/**
 * How long createTopic waits for a new topic to be running: Terraform's alicloud_alikafka_topic waits for Status 0
 * (BuildStateConf(…, ["0"], d.Timeout(schema.TimeoutCreate) = 5 minutes, …) after CreateTopic).
 */
const TOPIC_READY_TIMEOUT_MS = 5 * 60_000;
/** Between two looks: soon at first (a topic is often running within a second), then once a second at most. */
const TOPIC_READY_POLL_MS = 1000;
const TOPIC_READY_FIRST_POLL_MS = 200;

/** A topic created but not running within the wait. */
export class TopicNotReadyError extends KafkaOssError {}
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
  private readonly pacer = new Pacer(alikafkaInterval);
  readonly regionId: string;

  constructor(target: CloudTarget, private readonly topicReady = { timeoutMs: TOPIC_READY_TIMEOUT_MS, pollMs: TOPIC_READY_POLL_MS }) {
    this.client = failOnSuccessFalse(new Client(target.rpcConfig('alikafka')));
    this.regionId = target.regionId;
  }

  private async call<T extends { success?: boolean; code?: number; message?: string; requestId?: string }>(api: string, run: () => Promise<{ body?: T }>): Promise<T> {
    const body = (await callWithRetry(`alikafka ${api}`, async () => {
      await this.pacer.turn(api);
      const response = await run();
      const result = response.body;
      if (!result) throw new CloudApiError(`alikafka ${api}`, 'Unknown', 'no response body', 200);
      return result;
    }));
    return body;
  }

  /**
   * The region's instances; only running ones (ServiceStatus 5) unless `anyStatus`, which deploy uses to say why
   * an instance it names cannot be deployed to.
   */
  async listInstances(opts: { anyStatus?: boolean } = {}): Promise<InstanceSummary[]> {
    const body = await this.call('GetInstanceList', () => this.client.getInstanceList(new A.GetInstanceListRequest({ regionId: this.regionId })));
    return (body.instanceList?.instanceVO ?? [])
      .filter((i) => opts.anyStatus || i.serviceStatus === undefined || i.serviceStatus === INSTANCE_RUNNING)
      .map((i) => ({
        instanceId: i.instanceId ?? '',
        name: i.name ?? '',
        regionId: i.regionId ?? this.regionId,
        vpcId: i.vpcId ?? '',
        vSwitchId: i.vSwitchId ?? '',
        ...(i.zoneId ? { zoneId: i.zoneId } : {}),
        ...(i.securityGroup ? { securityGroup: i.securityGroup } : {}),
        ...(i.specType ? { specType: i.specType } : {}),
        ...(i.serviceStatus !== undefined ? { serviceStatus: i.serviceStatus } : {}),
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

  /** Creates the topic and waits until it is running, so that what refers to it next (a trigger) finds it ready. */
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
    await this.waitUntilTopicRunning(input.instanceId, input.topic);
  }

  /** The topic's GetTopicList Status; undefined while it is not listed yet. The Topic filter may match other names too. */
  async topicStatus(instanceId: string, topic: string): Promise<number | undefined> {
    const body = await this.call('GetTopicList', () =>
      this.client.getTopicList(new A.GetTopicListRequest({ regionId: this.regionId, instanceId, topic, currentPage: '1', pageSize: '100' })),
    );
    return (body.topicList?.topicVO ?? []).find((t) => t.topic === topic)?.status;
  }

  /** Polls GetTopicList until the topic's Status is 0 (running), as Terraform does after CreateTopic; bounded. */
  private async waitUntilTopicRunning(instanceId: string, topic: string): Promise<void> {
    const deadline = Date.now() + this.topicReady.timeoutMs;
    for (let pause = Math.min(TOPIC_READY_FIRST_POLL_MS, this.topicReady.pollMs); ; pause = Math.min(pause * 2, this.topicReady.pollMs)) {
      const status = await this.topicStatus(instanceId, topic);
      if (status === TOPIC_RUNNING) return;
      if (Date.now() >= deadline) {
        const seen = status === undefined ? 'not listed yet' : `Status ${status}`;
        throw new TopicNotReadyError(`topic ${topic} was created in ${instanceId} but is not running after ${Math.round(this.topicReady.timeoutMs / 1000)} s (GetTopicList: ${seen}); run the command again once it is`);
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
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
