import { isDeepStrictEqual } from 'node:util';

/**
 * How the trigger config FC reads back differs from the one deploy sends, in the fields deploy owns.
 *
 * FC does not read back what it was given (devsapp/fc docs/zh/yaml/triggers.md; Terraform's alicloud provider,
 * delNilEventSourceParams in alicloud/service_alicloud_fc.go): every key of eventSourceParameters comes back, null
 * for the other source types, and triggerEnable reads false until EventBridge has started the event stream. So
 * only the fields deploy sets are compared, nulls count as absent, and what FC adds is not deploy's business.
 *
 * triggerEnable is the stream's start/stop switch. Read back as true it is reliable; read back as false it may
 * be a stream still starting (after every create or update) or one that someone stopped, and GetTrigger cannot
 * tell which. Deploy wants the stream on: a false is reported as `streamNotRunning` and is not a reason to update
 * (an update would restart the stream and read false again, so deploy would never converge). A desired false
 * against a true read-back is a difference like any other.
 */
export interface TriggerDrift {
  /** Each differing field as `path old → new`. */
  differences: string[];
  /** triggerEnable reads false where deploy wants true: starting, or stopped. */
  streamNotRunning: boolean;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const show = (value: unknown) => (value === undefined || value === null ? 'absent' : JSON.stringify(value));

export function triggerDrift(desired: Json, actual: Json): TriggerDrift {
  const drift: TriggerDrift = { differences: [], streamNotRunning: false };
  compare(desired, actual, '', drift);
  return drift;
}

function compare(desired: Json, actual: Json, prefix: string, drift: TriggerDrift): void {
  for (const [key, want] of Object.entries(desired)) {
    const path = `${prefix}${key}`;
    const have = actual[key] ?? undefined;
    if (path === 'triggerEnable' && want === true && have === false) {
      drift.streamNotRunning = true;
    } else if (isObject(want)) {
      if (isObject(have)) compare(want, have, `${path}.`, drift);
      else drift.differences.push(`${path} ${show(have)} → ${show(want)}`);
    } else if (!isDeepStrictEqual(have, want)) {
      drift.differences.push(`${path} ${show(have)} → ${show(want)}`);
    }
  }
}
