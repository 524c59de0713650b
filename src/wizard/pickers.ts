import type { CloudCatalog } from '../definition/catalog.js';
import { sameRegion } from '../definition/field-checks.js';
import { format } from '../i18n/messages.js';
import { createBucket, createTopic } from './create-resources.js';
import type { FieldPrompt } from './field-prompt.js';
import type { Choice } from './prompts.js';

// Entries after the live list; ":" is in no topic or bucket name, so these never clash with one.
const CREATE = ':create';
const LIST_AGAIN = ':list-again';

/**
 * The source topic from the instance's live list, as the console's picker shows it, with "create a new
 * topic" at its end; when the instance has none, the wizard says so and offers to create one (or to
 * list again, for a topic made elsewhere meanwhile).
 */
export async function pickSourceTopic(p: FieldPrompt, catalog: CloudCatalog, instanceId: string): Promise<void> {
  for (;;) {
    const topics = (await catalog.listTopics(instanceId)).filter((t) => !t.name.startsWith('connect-'));
    if (topics.length === 0) p.explain(format(p.t.noTopics, { instance: instanceId }));
    const answer = await p.choose(
      'sourceTopic',
      topics.map((t) => ({ value: t.name, name: `${t.name} (${t.partitionNum})` })),
      { always: extraEntries(p, p.t.createTopicChoice, topics.length === 0), ...(topics.length === 0 ? { default: CREATE } : {}) },
    );
    if (answer === LIST_AGAIN) continue;
    const chosen = answer === CREATE ? await createTopic(p, catalog, instanceId) : answer;
    if (chosen) {
      p.state.input.sourceTopic = chosen;
      return;
    }
  }
}

/**
 * The bucket from the account's live list: buckets of other regions are shown but cannot be chosen
 * (the console lists the region's only), and "create a new bucket" ends the list.
 */
export async function pickBucket(p: FieldPrompt, catalog: CloudCatalog): Promise<void> {
  for (;;) {
    const buckets = await catalog.listBuckets();
    const here = buckets.filter((b) => sameRegion(b.region, catalog.regionId));
    const elsewhere = buckets.filter((b) => !sameRegion(b.region, catalog.regionId));
    if (here.length === 0) p.explain(format(p.t.noBuckets, { region: catalog.regionId }));
    const choices: Choice[] = [
      ...here.map((b) => ({ value: b.name, name: `${b.name} (${b.region})` })),
      ...elsewhere.map((b) => ({ value: b.name, name: b.name, disabled: format(p.t.bucketOtherRegion, { region: b.region }) })),
    ];
    const answer = await p.choose('bucket', choices, { always: extraEntries(p, p.t.createBucketChoice, here.length === 0), ...(here.length === 0 ? { default: CREATE } : {}) });
    if (answer === LIST_AGAIN) continue;
    const chosen = answer === CREATE ? await createBucket(p, catalog) : answer;
    if (chosen) {
      p.state.input.bucket = chosen;
      return;
    }
  }
}

function extraEntries(p: FieldPrompt, createName: string, empty: boolean): Choice[] {
  return [{ value: CREATE, name: createName }, ...(empty ? [{ value: LIST_AGAIN, name: p.t.listAgainChoice }] : [])];
}
