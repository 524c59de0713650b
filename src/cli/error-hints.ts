import { CloudApiError } from '../cloud/cloud-error.js';
import { loadProfile } from '../cloud/profile-store.js';
import { KafkaRequestError } from '../kafka/errors.js';

/**
 * What to do next after an error, when the error alone cannot say it: an endpoint that does not answer is
 * most often a local cloud that is not running (the profile `local up` saved still points at it).
 */
export async function nextStep(err: unknown, options: { profile?: string }): Promise<string | undefined> {
  const unreachable = (err instanceof CloudApiError && err.unreachable !== undefined) || (err instanceof KafkaRequestError && /could not connect|ECONNREFUSED/.test(err.message));
  if (!unreachable) return undefined;
  const profile = options.profile ? await loadProfile(options.profile).catch(() => undefined) : undefined;
  if (profile?.apiEndpoint) {
    return `profile "${options.profile}" points at ${profile.apiEndpoint}, which does not answer: if it is the local cloud, start it with \`kafka-oss local up\``;
  }
  return 'check the network, the region (--region) and any proxy settings';
}
