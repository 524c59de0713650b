import type { CloudCatalog } from '../definition/catalog.js';
import { DEFAULT_PARTITIONS, defaultRemark, MAX_PARTITIONS, newBucketProblem, newTopicProblem, partitionCountProblem, remarkProblem } from '../definition/new-resources.js';
import type { Problem } from '../definition/problems.js';
import { format } from '../i18n/messages.js';
import { problemText } from '../i18n/problems.js';
import { errorText } from './context.js';
import type { FieldPrompt } from './field-prompt.js';
import type { Validate } from './prompts.js';

/**
 * The console's "create topic" / "create bucket" links, inside the wizard: when the instance has no
 * topic or the account no bucket (or the user wants a new one), create it with the same calls the
 * console makes (alikafka CreateTopic, OSS PutBucket). Each returns the new name, or undefined when the
 * cloud refused (the refusal is shown and the user picks again).
 */
export async function createTopic(p: FieldPrompt, catalog: CloudCatalog, instanceId: string): Promise<string | undefined> {
  const { prompts } = p.ctx;
  const { t } = p;
  p.explain(format(t.newTopicIntro, { instance: instanceId }));
  const topic = await prompts.input({
    message: t.newTopicName,
    validate: checked(p, t.newTopicName, async (value) => newTopicProblem(await catalog.listTopics(instanceId), instanceId, value)),
  });
  const remark = await prompts.input({
    message: t.topicRemark,
    default: defaultRemark(p.state.input.name),
    validate: checked(p, t.topicRemark, async (value) => remarkProblem(value)),
  });
  p.explain(format(t.partitionsHint, { max: MAX_PARTITIONS, default: DEFAULT_PARTITIONS }));
  const partitions = await prompts.input({
    message: t.topicPartitions,
    default: String(DEFAULT_PARTITIONS),
    validate: checked(p, t.topicPartitions, async (value) => partitionCountProblem(value)),
  });
  try {
    await catalog.createTopic({ instanceId, topic, remark, partitionNum: Number(partitions) });
  } catch (err) {
    p.explain(format(t.createFailed, { name: topic, error: errorText(err) }));
    return undefined;
  }
  p.explain(format(t.topicCreated, { topic, instance: instanceId, count: partitions }));
  return topic;
}

export async function createBucket(p: FieldPrompt, catalog: CloudCatalog): Promise<string | undefined> {
  const { t } = p;
  p.explain(format(t.newBucketIntro, { region: catalog.regionId }));
  const bucket = await p.ctx.prompts.input({
    message: t.newBucketName,
    validate: checked(p, t.newBucketName, async (value) => newBucketProblem(await catalog.listBuckets(), value)),
  });
  try {
    await catalog.createBucket(bucket);
  } catch (err) {
    p.explain(format(t.createFailed, { name: bucket, error: errorText(err) }));
    return undefined;
  }
  p.explain(format(t.bucketCreated, { bucket, region: catalog.regionId }));
  return bucket;
}

/** A prompt's validate from a check giving a problem: "<label>: <problem>" in the user's language. */
function checked(p: FieldPrompt, label: string, check: (value: string) => Promise<Problem | undefined>): Validate {
  return async (value) => {
    try {
      const problem = await check(value);
      return problem ? p.labelled(label, problemText(problem, p.ctx.lang)) : true;
    } catch (err) {
      return p.labelled(label, format(p.t.checkFailed, { error: errorText(err) }));
    }
  };
}
