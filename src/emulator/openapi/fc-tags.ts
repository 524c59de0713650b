import { ApiError } from './api-error.js';
import type { StateStore, Tags } from './state-store.js';

/** FC 2021-04-06 tags: /tag (tag, untag, read one resource's tags) and /tags (tagged resources). Services are the taggable resources. */
export interface FcTagContext {
  method: string;
  query: Record<string, string>;
  body: Record<string, unknown>;
  store: StateStore;
  regionId: string;
  accountId: string;
}

const fcError = (status: number, code: string, message: string) => new ApiError(status, code, message, 'fc');
const SERVICE_ARN = /^acs:fc:([^:]*):([^:]*):services\/([^/]+)$/;
const MAX_TAGS = 20;

export const serviceArn = (regionId: string, accountId: string, serviceName: string) => `acs:fc:${regionId}:${accountId}:services/${serviceName}`;

function taggedService(ctx: FcTagContext, arn: unknown): { serviceName: string; tags: Tags } {
  if (typeof arn !== 'string' || arn === '') throw fcError(400, 'InvalidArgument', 'resourceArn is required');
  const match = SERVICE_ARN.exec(arn);
  if (!match) throw fcError(400, 'InvalidArgument', `resourceArn ${JSON.stringify(arn)} must be acs:fc:<region>:<account>:services/<serviceName>`);
  const [, region, account, serviceName] = match as unknown as [string, string, string, string];
  if ((region && region !== ctx.regionId) || (account && account !== ctx.accountId)) {
    throw fcError(400, 'InvalidArgument', `resourceArn ${arn} is not in region ${ctx.regionId} of account ${ctx.accountId}`);
  }
  const service = ctx.store.state.services[serviceName];
  if (!service) throw fcError(404, 'ServiceNotFound', `service '${serviceName}' does not exist`);
  return { serviceName, tags: service.tags };
}

function checkTags(tags: unknown): Tags {
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) throw fcError(400, 'InvalidArgument', 'tags must map keys to string values');
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128 || key.startsWith('aliyun') || key.startsWith('acs:')) {
      throw fcError(400, 'InvalidArgument', `tag key ${JSON.stringify(key)} must be 1–128 characters and not start with "aliyun" or "acs:"`);
    }
    if (typeof value !== 'string' || value.length > 256) throw fcError(400, 'InvalidArgument', `tag value of ${JSON.stringify(key)} must be a string of at most 256 characters`);
  }
  return tags as Tags;
}

/** One call on /tag or /tags; answers the JSON body (undefined for 204-style answers). */
export function handleFcTags(ctx: FcTagContext, path: 'tag' | 'tags'): { status: number; json: unknown } {
  if (path === 'tags') {
    if (ctx.method !== 'GET') throw fcError(405, 'MethodNotAllowed', `${ctx.method} is not allowed on /tags`);
    const resources = Object.values(ctx.store.state.services)
      .filter((s) => Object.keys(s.tags).length > 0)
      .map((s) => ({ resourceArn: serviceArn(ctx.regionId, ctx.accountId, s.serviceName), tags: s.tags }));
    return { status: 200, json: { resources, nextToken: '' } };
  }
  if (ctx.method === 'GET') {
    const { tags } = taggedService(ctx, ctx.query.resourceArn);
    return { status: 200, json: { resourceArn: ctx.query.resourceArn, tags } };
  }
  if (ctx.method === 'POST') {
    const { tags } = taggedService(ctx, ctx.body.resourceArn);
    const added = checkTags(ctx.body.tags);
    const merged = { ...tags, ...added };
    if (Object.keys(merged).length > MAX_TAGS) throw fcError(400, 'InvalidArgument', `a resource holds at most ${MAX_TAGS} tags (would be ${Object.keys(merged).length})`);
    Object.assign(tags, added);
    ctx.store.save();
    return { status: 204, json: {} };
  }
  // The SDK sends UntagResource as PUT; the API reference names DELETE: accept both.
  if (ctx.method === 'PUT' || ctx.method === 'DELETE') {
    const { tags } = taggedService(ctx, ctx.body.resourceArn);
    const keys = ctx.body.tagKeys;
    if (ctx.body.all !== true && (!Array.isArray(keys) || keys.length === 0)) throw fcError(400, 'InvalidArgument', 'give tagKeys (a non-empty list) or all: true');
    for (const key of Object.keys(tags)) if (ctx.body.all === true || (keys as unknown[]).includes(key)) delete tags[key];
    ctx.store.save();
    return { status: 204, json: {} };
  }
  throw fcError(405, 'MethodNotAllowed', `${ctx.method} is not allowed on /tag`);
}
