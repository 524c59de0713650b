import type { KafkaOssProfile } from '../cloud/profile-store.js';
import type { LocalCloud } from '../emulator/local-cloud.js';

/** The kafka-oss profile that points every client at a running local cloud. */
export function localCloudProfile(cloud: Pick<LocalCloud, 'accessKey' | 'description'>): KafkaOssProfile {
  const d = cloud.description;
  return {
    regionId: d.regionId,
    accessKeyId: cloud.accessKey.accessKeyId,
    accessKeySecret: cloud.accessKey.accessKeySecret,
    ...(d.api ? { apiEndpoint: d.api.endpoint } : {}),
    ...(d.api?.logEndpoint ? { logEndpoint: d.api.logEndpoint } : {}),
    ...(d.oss ? { ossEndpoint: d.oss.endpoint } : {}),
    protocol: 'http',
    ...(d.kafka ? { kafkaBootstrapServers: d.kafka.bootstrapServers } : {}),
  };
}
