import { fcErrors } from './errors.js';
import { noContent, ok, type FcAnswer, type FcCall, type FcEnv } from './fc-context.js';
import type { Tags } from './state-store.js';

// FC 2021-04-06 tags: /tag (tag, untag, read one resource's tags) and /tags (tagged resources). Services are the taggable resources.
const SERVICE_ARN = /^acs:fc:([^:]*):([^:]*):services\/([^/]+)$/;
const MAX_TAGS = 20;

export const serviceArn = (regionId: string, accountId: string, serviceName: string) => `acs:fc:${regionId}:${accountId}:services/${serviceName}`;

function taggedService(env: FcEnv, arn: unknown): { serviceName: string; tags: Tags } {
  if (typeof arn !== 'string' || arn === '') throw fcErrors.invalidArgument('resourceArn is required');
  const match = SERVICE_ARN.exec(arn);
  if (!match) throw fcErrors.invalidArgument(`resourceArn ${JSON.stringify(arn)} must be acs:fc:<region>:<account>:services/<serviceName>`);
  const [, region, account, serviceName] = match as unknown as [string, string, string, string];
  const { regionId, accountId } = env.account;
  if ((region && region !== regionId) || (account && account !== accountId)) {
    throw fcErrors.invalidArgument(`resourceArn ${arn} is not in region ${regionId} of account ${accountId}`);
  }
  const service = env.store.state.services.get(serviceName);
  if (!service) throw fcErrors.serviceNotFound(serviceName);
  return { serviceName, tags: service.tags };
}

function checkTags(tags: unknown): Tags {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) throw fcErrors.invalidArgument('tags must map keys to string values');
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128 || key.startsWith('aliyun') || key.startsWith('acs:')) {
      throw fcErrors.invalidArgument(`tag key ${JSON.stringify(key)} must be 1–128 characters and not start with "aliyun" or "acs:"`);
    }
    if (typeof value !== 'string' || value.length > 256) throw fcErrors.invalidArgument(`tag value of ${JSON.stringify(key)} must be a string of at most 256 characters`);
  }
  return tags as Tags;
}

/** ListTaggedResources: every tagged service. */
export async function listTaggedResources({ env }: FcCall): Promise<FcAnswer> {
  const { regionId, accountId } = env.account;
  const resources = [...env.store.state.services.values()]
    .filter((s) => Object.keys(s.tags).length > 0)
    .map((s) => ({ resourceArn: serviceArn(regionId, accountId, s.serviceName), tags: s.tags }));
  return ok({ resources, nextToken: '' });
}

/** GetResourceTags: the tags of the service named by `?resourceArn=`. */
export async function getResourceTags({ env, query }: FcCall): Promise<FcAnswer> {
  const { tags } = taggedService(env, query.resourceArn);
  return ok({ resourceArn: query.resourceArn, tags });
}

export async function tagResource(call: FcCall): Promise<FcAnswer> {
  const body = call.json;
  const { tags } = taggedService(call.env, body.resourceArn);
  const added = checkTags(body.tags);
  const count = Object.keys({ ...tags, ...added }).length;
  if (count > MAX_TAGS) throw fcErrors.invalidArgument(`a resource holds at most ${MAX_TAGS} tags (would be ${count})`);
  Object.assign(tags, added);
  call.env.store.save();
  return noContent();
}

/** UntagResource: every key given, or all of them. */
export async function untagResource(call: FcCall): Promise<FcAnswer> {
  const body = call.json;
  const { tags } = taggedService(call.env, body.resourceArn);
  const keys = body.tagKeys;
  if (body.all !== true && (!Array.isArray(keys) || keys.length === 0)) throw fcErrors.invalidArgument('give tagKeys (a non-empty list) or all: true');
  for (const key of Object.keys(tags)) if (body.all === true || (keys as unknown[]).includes(key)) delete tags[key];
  call.env.store.save();
  return noContent();
}
