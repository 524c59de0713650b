import type { BrokerAdmin } from '../contracts.js';
import { getConsumerProgress } from './alikafka-progress.js';
import { alikafkaErrors } from './errors.js';
import { SPEC_TYPES, type LocalAccount } from './local-account.js';
import type { RpcParams } from './params.js';
import { tableIn, type StateStore, type Tags } from './state-store.js';
import { topicStatusOf } from './topic-readiness.js';

/** What an alikafka action sees: its parameters and the account's state. */
export interface AlikafkaContext {
  params: RpcParams;
  account: LocalAccount;
  store: StateStore;
  broker: BrokerAdmin;
}

type Handler = (ctx: AlikafkaContext) => Promise<Record<string, unknown>>;

/** Kafka's own topics, which alikafka never lists. */
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state']);

const tagVOs = (tags: Tags) => ({ TagVO: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });

function instanceOf(ctx: AlikafkaContext): string {
  const instanceId = ctx.params.required('InstanceId');
  if (instanceId !== ctx.account.instance.instanceId) {
    throw alikafkaErrors.instanceNotFound(instanceId, ctx.account.regionId);
  }
  return instanceId;
}

function checkRegion(ctx: AlikafkaContext): void {
  const regionId = ctx.params.optional('RegionId');
  if (regionId && regionId !== ctx.account.regionId) {
    throw alikafkaErrors.regionNotMatch(regionId, ctx.account.regionId);
  }
}

async function listTopicVOs(ctx: AlikafkaContext, instanceId: string) {
  const meta = ctx.store.state.topics.get(instanceId);
  const topics = (await ctx.broker.listTopics()).filter((t) => !INTERNAL_TOPICS.has(t.name));
  return topics
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => {
      const record = meta?.get(t.name);
      return {
        Topic: t.name,
        InstanceId: instanceId,
        RegionId: ctx.account.regionId,
        PartitionNum: t.partitions,
        Remark: record?.remark ?? '',
        CompactTopic: t.configs['cleanup.policy'] === 'compact',
        LocalTopic: record?.localTopic ?? t.configs['cleanup.policy'] === 'compact',
        AutoCreate: record === undefined,
        CreateTime: record?.createTime ?? ctx.account.instance.createTime,
        ...topicStatusOf(ctx.account, record),
        TopicConfig: JSON.stringify(t.configs),
        Tags: tagVOs(record?.tags ?? {}),
      };
    });
}

function groupVOs(ctx: AlikafkaContext, instanceId: string) {
  const groups = ctx.store.state.consumerGroups.get(instanceId) ?? new Map();
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([consumerId, g]) => ({
      ConsumerId: consumerId,
      InstanceId: instanceId,
      RegionId: ctx.account.regionId,
      Remark: g.remark,
      CreateTime: g.createTime,
      AutomaticallyCreatedGroup: false,
      Tags: tagVOs(g.tags),
    }));
}

function page<T>(ctx: AlikafkaContext, items: T[]): { page: T[]; CurrentPage: number; PageSize: number; Total: number } {
  const current = ctx.params.integer('CurrentPage', 1);
  const size = ctx.params.integer('PageSize', 10000);
  if (current < 1 || size < 1 || size > 10000) throw alikafkaErrors.pageInvalid(current, size);
  return { page: items.slice((current - 1) * size, current * size), CurrentPage: current, PageSize: size, Total: items.length };
}

const extra = (ctx: AlikafkaContext) => ctx.params.optional('Config') ?? '';

/** CreateTopic's `Config`: a JSON object of Kafka topic configs, values as strings (numbers accepted). */
function extraConfig(config: string | undefined): Record<string, string> {
  if (config === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(config);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw alikafkaErrors.topicConfigInvalid(`Config must be a JSON object such as {"retention.ms":"3600000"} (got ${JSON.stringify(config)}).`);
  }
  const configs: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' && typeof value !== 'number') throw alikafkaErrors.topicConfigInvalid(`Config ${name} must be a string or a number (got ${JSON.stringify(value)}).`);
    configs[name] = String(value);
  }
  return configs;
}

/** A cloud-storage topic's fewest partitions: "topics that use cloud storage, the minimum value is 2; local storage 1" (ApsaraMQ for Kafka, Limits). */
const CLOUD_STORAGE_MIN_PARTITIONS = 2;

/**
 * The storage a new topic may have. CompactTopic is a Local-storage setting (CreateTopic: "available when the Local
 * Storage mode is specified"); a Standard Edition instance cannot choose the storage engine, its topics are on cloud
 * storage (存储引擎对比: "标准版实例不支持在创建Topic时选择存储引擎，存储引擎默认为云存储"); and cloud storage has at least
 * 2 partitions on a subscription or pay-as-you-go instance (Limits).
 */
function checkStorage(account: LocalAccount, topic: { localTopic: boolean; compactTopic: boolean; partitions: number }): void {
  if (topic.localTopic && account.instance.edition === 'standard') throw alikafkaErrors.storageEngineNotSelectable(account.instance.instanceId);
  if (topic.compactTopic && !topic.localTopic) throw alikafkaErrors.compactNeedsLocal();
  if (!topic.localTopic && topic.partitions < CLOUD_STORAGE_MIN_PARTITIONS) throw alikafkaErrors.cloudStoragePartitions(topic.partitions, CLOUD_STORAGE_MIN_PARTITIONS);
}

/** Resource ids as alikafka's tag APIs spell them. */
const resourceId = (instanceId: string, name: string) => `Kafka_${instanceId}_${name}`;

const TAGGABLE_TYPES = ['TOPIC', 'CONSUMERGROUP'] as const;
type TaggableType = (typeof TAGGABLE_TYPES)[number];

/** The tag APIs' ResourceType (INSTANCE is valid, but not taggable locally); UntagResources and ListTagResources carry no InstanceId, so the local instance is implied. */
function resourceTypeOf(ctx: AlikafkaContext): TaggableType {
  const type = ctx.params.required('ResourceType').toUpperCase();
  if (!(TAGGABLE_TYPES as readonly string[]).includes(type)) {
    throw alikafkaErrors.resourceTypeNotSupported(ctx.params.required('ResourceType'));
  }
  return type as TaggableType;
}

function tagInstance(ctx: AlikafkaContext): string {
  return ctx.params.optional('InstanceId') === undefined ? ctx.account.instance.instanceId : instanceOf(ctx);
}

/**
 * The tags of every resource of one type, by resource id. The tag APIs' response models hold no
 * Success/Message, so their failures are gateway errors (HTTP status and Code), as the tag service sends them.
 */
function taggable(ctx: AlikafkaContext, instanceId: string, type: TaggableType): Map<string, Tags> {
  const records = type === 'TOPIC' ? ctx.store.state.topics.get(instanceId) : ctx.store.state.consumerGroups.get(instanceId);
  return new Map([...(records ?? [])].map(([name, record]) => [resourceId(instanceId, name), record.tags]));
}

export const alikafkaActions: Record<string, Handler> = {
  async GetInstanceList(ctx) {
    checkRegion(ctx);
    const { instance, regionId } = ctx.account;
    const wanted = ctx.params.list('InstanceId');
    const single = ctx.params.optional('InstanceId');
    const ids = single ? [single, ...wanted] : wanted;
    const all = [{
      InstanceId: instance.instanceId,
      Name: instance.name,
      RegionId: regionId,
      ServiceStatus: instance.serviceStatus,
      ViewInstanceStatusCode: 1,
      DeployType: 5,
      SpecType: SPEC_TYPES[instance.edition],
      Series: 'standard',
      PaidType: 1,
      VpcId: instance.vpcId,
      VSwitchId: instance.vSwitchId,
      VSwitchIds: { VSwitchIds: [instance.vSwitchId] },
      ZoneId: instance.zoneId,
      // Empty for an instance deployed without a security group (GetInstanceList).
      SecurityGroup: instance.securityGroup,
      EndPoint: ctx.broker.bootstrapServers,
      DomainEndpoint: ctx.broker.bootstrapServers,
      UpgradeServiceDetailInfo: { Current2OpenSourceVersion: '2.6.2' },
      AllConfig: JSON.stringify({ 'enable.acl': 'false', 'kafka.log.retention.hours': '72' }),
      CreateTime: instance.createTime,
      ExpiredTime: Date.UTC(2099, 0, 1),
      DiskType: 0,
      DiskSize: 500,
      TopicNumLimit: 1000,
      Tags: tagVOs({}),
    }];
    return { InstanceList: { InstanceVO: ids.length ? all.filter((i) => ids.includes(i.InstanceId)) : all } };
  },

  async GetTopicList(ctx) {
    checkRegion(ctx);
    const instanceId = instanceOf(ctx);
    const name = ctx.params.optional('Topic');
    const topics = (await listTopicVOs(ctx, instanceId)).filter((t) => !name || t.Topic.includes(name));
    const { page: items, ...paging } = page(ctx, topics);
    return { TopicList: { TopicVO: items }, ...paging };
  },

  async GetTopicStatus(ctx) {
    const instanceId = instanceOf(ctx);
    const topic = ctx.params.required('Topic');
    const described = await ctx.broker.describeTopic(topic);
    if (!described) throw alikafkaErrors.topicNotFound(topic, instanceId);
    const ends = await ctx.broker.highWatermarks(topic);
    return {
      TopicStatus: {
        TotalCount: ends.reduce((a, b) => a + b, 0),
        LastTimeStamp: Date.now(),
        OffsetTable: { OffsetTable: ends.map((max, partition) => ({ Topic: topic, Partition: partition, MinOffset: 0, MaxOffset: max, LastUpdateTimestamp: Date.now() })) },
      },
    };
  },

  async CreateTopic(ctx) {
    checkRegion(ctx);
    const instanceId = instanceOf(ctx);
    // Names, remark and partition count are checked against the published rules (api-metadata/alikafka.ts).
    const topic = ctx.params.required('Topic');
    const remark = ctx.params.required('Remark');
    const partitions = ctx.params.integer('PartitionNum', 12);
    const localTopic = ctx.params.bool('LocalTopic', false);
    const compactTopic = ctx.params.bool('CompactTopic', false);
    checkStorage(ctx.account, { localTopic, compactTopic, partitions });
    if (await ctx.broker.describeTopic(topic)) throw alikafkaErrors.topicExists(topic, instanceId);
    const configs: Record<string, string> = { 'cleanup.policy': compactTopic ? 'compact' : 'delete' };
    Object.assign(configs, extraConfig(ctx.params.optional('Config')));
    try {
      await ctx.broker.createTopic(topic, { partitions, configs });
    } catch (err) {
      // The broker refuses what Kafka would refuse (an unknown or bad config value): the caller's mistake, not ours.
      if (err instanceof Error && err.name === 'TopicError') throw alikafkaErrors.topicConfigInvalid(`Config ${JSON.stringify(extra(ctx))} is invalid: ${err.message}.`);
      throw err;
    }
    tableIn(ctx.store.state.topics, instanceId).set(topic, { remark, localTopic, compactTopic, createTime: Date.now(), tags: ctx.params.tags() });
    ctx.store.save();
    return { Data: topic };
  },

  async DeleteTopic(ctx) {
    const instanceId = instanceOf(ctx);
    const topic = ctx.params.required('Topic');
    if (!(await ctx.broker.describeTopic(topic))) throw alikafkaErrors.topicNotFound(topic, instanceId);
    await ctx.broker.deleteTopic(topic);
    ctx.store.state.topics.get(instanceId)?.delete(topic);
    ctx.store.save();
    return {};
  },

  async GetConsumerList(ctx) {
    checkRegion(ctx);
    const instanceId = instanceOf(ctx);
    const name = ctx.params.optional('ConsumerId');
    const groups = groupVOs(ctx, instanceId).filter((g) => !name || g.ConsumerId.includes(name));
    const { page: items, ...paging } = page(ctx, groups);
    return { ConsumerList: { ConsumerVO: items }, ...paging };
  },

  async GetConsumerProgress(ctx) {
    checkRegion(ctx);
    return getConsumerProgress(ctx, instanceOf(ctx));
  },

  async CreateConsumerGroup(ctx) {
    checkRegion(ctx);
    const instanceId = instanceOf(ctx);
    const consumerId = ctx.params.required('ConsumerId');
    const groups = tableIn(ctx.store.state.consumerGroups, instanceId);
    if (groups.has(consumerId)) throw alikafkaErrors.groupExists(consumerId, instanceId);
    groups.set(consumerId, { remark: ctx.params.optional('Remark') ?? '', createTime: Date.now(), tags: ctx.params.tags() });
    ctx.store.save();
    return {};
  },

  async DeleteConsumerGroup(ctx) {
    const instanceId = instanceOf(ctx);
    const consumerId = ctx.params.required('ConsumerId');
    if (!ctx.store.state.consumerGroups.get(instanceId)?.delete(consumerId)) throw alikafkaErrors.groupNotFound(consumerId, instanceId);
    await ctx.broker.deleteGroup(consumerId).catch(() => undefined);
    ctx.store.save();
    return {};
  },

  async TagResources(ctx) {
    const instanceId = tagInstance(ctx);
    const resources = taggable(ctx, instanceId, resourceTypeOf(ctx));
    const tags = ctx.params.tags();
    const ids = ctx.params.list('ResourceId');
    const missing = ids.filter((id) => !resources.has(id));
    if (missing.length > 0) throw alikafkaErrors.resourceNotFound(missing);
    for (const id of ids) Object.assign(resources.get(id)!, tags);
    ctx.store.save();
    return {};
  },

  async UntagResources(ctx) {
    const resources = taggable(ctx, tagInstance(ctx), resourceTypeOf(ctx));
    const keys = ctx.params.list('TagKey');
    const all = ctx.params.bool('All', false);
    for (const id of ctx.params.list('ResourceId')) {
      const tags = resources.get(id);
      if (!tags) continue;
      for (const key of Object.keys(tags)) if (all || keys.includes(key)) delete tags[key];
    }
    ctx.store.save();
    return {};
  },

  async ListTagResources(ctx) {
    const type = resourceTypeOf(ctx);
    const ids = ctx.params.list('ResourceId');
    const wanted = ctx.params.tags();
    const rows: Array<{ ResourceId: string; ResourceType: string; TagKey: string; TagValue: string }> = [];
    for (const [id, tags] of taggable(ctx, tagInstance(ctx), type)) {
      if (ids.length > 0 && !ids.includes(id)) continue;
      if (Object.entries(wanted).some(([k, v]) => tags[k] !== v)) continue;
      for (const [TagKey, TagValue] of Object.entries(tags)) rows.push({ ResourceId: id, ResourceType: `ALIYUN::ALIKAFKA::${type}`, TagKey, TagValue });
    }
    return { TagResources: { TagResource: rows }, NextToken: '' };
  },
};
