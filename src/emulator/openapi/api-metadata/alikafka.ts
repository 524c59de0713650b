import { alikafkaErrors } from '../errors.js';
import type { ActionRules, ParamRule } from './rules.js';

/*
 * alikafka 2019-09-16, every action the local cloud answers. Required flags, types and documented values
 * from the SDK's request models (node_modules/@alicloud/alikafka20190916/dist/models/<Action>Request.d.ts,
 * "This parameter is required." and the value lists in their remarks), which agree with
 * aliyun/aliyun-openapi-meta alikafka/<Action>.json where that repository has the action.
 * Breaking a name or partition rule is a business failure (HTTP 200, Success:false), as alikafka answers it.
 */

const model = (action: string) => `@alicloud/alikafka20190916 ${action}Request`;
const withMeta = (action: string) => `${model(action)}; aliyun/aliyun-openapi-meta alikafka/${action}.json`;

const regionId: ParamRule = { type: 'String', required: true };
const instanceId: ParamRule = { type: 'String', required: true };
/** Reserved instances: letters, digits, "_", "-" and ".", 3–64 characters (CreateTopicRequest.topic, CreateConsumerGroupRequest.consumerId). */
const KAFKA_NAME = /^[A-Za-z0-9_.-]{3,64}$/;
/** Letters, digits, "_" and "-", 3–64 characters (CreateTopicRequest.remark). */
const REMARK = /^[A-Za-z0-9_-]{3,64}$/;
/** ResourceType of the tag APIs: INSTANCE, TOPIC or CONSUMERGROUP, case-insensitive. */
const resourceType: ParamRule = { type: 'String', required: true, enum: ['INSTANCE', 'TOPIC', 'CONSUMERGROUP'], ignoreCase: true };

export const ALIKAFKA_RULES: Readonly<Record<string, ActionRules>> = {
  GetInstanceList: { source: withMeta('GetInstanceList'), params: { RegionId: regionId, InstanceId: { type: 'Array' }, Series: { type: 'String', enum: ['v2', 'v3', 'confluent'] } } },
  GetTopicList: {
    source: model('GetTopicList'),
    params: { InstanceId: instanceId, RegionId: { type: 'String' }, Topic: { type: 'String' }, CurrentPage: { type: 'String' }, PageSize: { type: 'String' } },
  },
  GetTopicStatus: { source: model('GetTopicStatus'), params: { InstanceId: instanceId, Topic: { type: 'String', required: true }, RegionId: { type: 'String' } } },
  CreateTopic: {
    source: withMeta('CreateTopic'),
    params: {
      RegionId: regionId,
      InstanceId: instanceId,
      Topic: { type: 'String', required: true, pattern: KAFKA_NAME, refuse: alikafkaErrors.topicNameInvalid },
      Remark: { type: 'String', required: true, pattern: REMARK, refuse: alikafkaErrors.remarkInvalid },
      PartitionNum: { type: 'String', range: [1, 360], refuse: (value) => alikafkaErrors.partitionNumInvalid(Number(value)) },
      LocalTopic: { type: 'Boolean' },
      CompactTopic: { type: 'Boolean' },
      Config: { type: 'String' },
      Tag: { type: 'Array' },
    },
  },
  DeleteTopic: { source: withMeta('DeleteTopic'), params: { RegionId: regionId, InstanceId: instanceId, Topic: { type: 'String', required: true } } },
  GetConsumerList: {
    source: withMeta('GetConsumerList'),
    params: { RegionId: regionId, InstanceId: instanceId, ConsumerId: { type: 'String' }, CurrentPage: { type: 'Integer' }, PageSize: { type: 'Integer' } },
  },
  GetConsumerProgress: {
    source: withMeta('GetConsumerProgress'),
    params: { RegionId: regionId, InstanceId: instanceId, ConsumerId: { type: 'String', required: true }, HideLastTimestamp: { type: 'Boolean' } },
  },
  CreateConsumerGroup: {
    source: withMeta('CreateConsumerGroup'),
    params: {
      RegionId: regionId,
      InstanceId: instanceId,
      ConsumerId: { type: 'String', required: true, pattern: KAFKA_NAME, refuse: alikafkaErrors.groupNameInvalid },
      Remark: { type: 'String' },
      Tag: { type: 'Array' },
    },
  },
  DeleteConsumerGroup: { source: withMeta('DeleteConsumerGroup'), params: { RegionId: regionId, InstanceId: instanceId, ConsumerId: { type: 'String', required: true } } },
  TagResources: {
    source: model('TagResources'),
    params: { RegionId: regionId, ResourceType: resourceType, ResourceId: { type: 'Array', required: true }, Tag: { type: 'Array', required: true }, InstanceId: { type: 'String' } },
  },
  UntagResources: {
    source: model('UntagResources'),
    params: { RegionId: regionId, ResourceType: resourceType, ResourceId: { type: 'Array', required: true }, TagKey: { type: 'Array' }, All: { type: 'Boolean' } },
  },
  ListTagResources: {
    source: model('ListTagResources'),
    params: { RegionId: regionId, ResourceType: resourceType, ResourceId: { type: 'Array' }, Tag: { type: 'Array' }, NextToken: { type: 'String' } },
  },
};
