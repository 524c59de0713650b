import type { CloudCatalog, InstanceSummary } from '../definition/catalog.js';
import { FIELD_BY_KEY, type FieldKey, type Step } from '../definition/fields.js';
import { firstProblem } from '../definition/rules.js';
import { resolveDefinition, type ConnectorDefinition, type DefinitionInput } from '../definition/definition.js';
import { derivedNames } from '../definition/names.js';
import { checkAgainstCloud } from '../definition/live-checks.js';
import { messages, type Lang } from '../i18n/messages.js';
import type { Choice, Prompts } from './prompts.js';
import { previewRows, renderTable } from './preview.js';

export interface WizardContext {
  prompts: Prompts;
  lang: Lang;
  catalog?: CloudCatalog;
  regionId?: string;
  /** Where the wizard writes what it shows (stderr in the CLI). */
  print: (text: string) => void;
}

export interface WizardResult {
  definition: ConnectorDefinition;
  secret?: string;
  warnings: string[];
}

type EditableStep = Exclude<Step, 'preview'>;
const EDITABLE_STEPS: EditableStep[] = ['basic', 'source', 'target', 'runtime'];
/** Above this many choices a list becomes a search prompt. */
const SEARCH_THRESHOLD = 10;

/**
 * The console wizard: Basic info → Source → Target → Runtime → Preview/Submit. From the preview the
 * user submits, goes back to any step (and returns to the preview), or cancels (returns undefined).
 */
export async function runWizard(
  initial: DefinitionInput,
  initialSecret: string | undefined,
  ctx: WizardContext,
): Promise<WizardResult | undefined> {
  const t = messages(ctx.lang);
  const state: { input: DefinitionInput; secret?: string; secretGiven: boolean } = {
    input: { ...initial },
    ...(initialSecret ? { secret: initialSecret } : {}),
    secretGiven: Boolean(initialSecret),
  };
  const instances = ctx.catalog ? await ctx.catalog.listInstances() : [];
  const steps = new WizardSteps(state, ctx, instances);

  for (const step of EDITABLE_STEPS) await steps.run(step);
  for (;;) {
    ctx.print(`\n${t.stepPreview}\n${renderTable(previewRows(state.input, state.secret, ctx.lang, t))}\n`);
    const action = await ctx.prompts.select<string>({
      message: t.previewAction,
      choices: [
        { value: 'submit', name: t.submit },
        ...EDITABLE_STEPS.map((s) => ({ value: `edit:${s}`, name: `${t.editStep}: ${steps.title(s)}` })),
        { value: 'cancel', name: t.cancel },
      ],
      default: 'submit',
    });
    if (action === 'cancel') return undefined;
    if (action.startsWith('edit:')) {
      await steps.run(action.slice(5) as EditableStep);
      continue;
    }
    const resolution = resolveDefinition(state.input, ctx.regionId ? { regionId: ctx.regionId } : {});
    let problems = [...resolution.errors, ...resolution.missing.map((f) => `${f.flag}: is required`)];
    if (resolution.definition && ctx.catalog && problems.length === 0) {
      problems = (await checkAgainstCloud(resolution.definition, ctx.catalog)).errors;
    }
    if (problems.length > 0 || !resolution.definition) {
      ctx.print(`\n${t.liveProblems}\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      continue;
    }
    return { definition: resolution.definition, ...(state.secret ? { secret: state.secret } : {}), warnings: resolution.warnings };
  }
}

class WizardSteps {
  private readonly t;

  constructor(
    private readonly state: { input: DefinitionInput; secret?: string; secretGiven: boolean },
    private readonly ctx: WizardContext,
    private readonly instances: InstanceSummary[],
  ) {
    this.t = messages(ctx.lang);
  }

  title(step: EditableStep): string {
    return { basic: this.t.stepBasic, source: this.t.stepSource, target: this.t.stepTarget, runtime: this.t.stepRuntime }[step];
  }

  async run(step: EditableStep): Promise<void> {
    this.ctx.print(`\n── ${this.title(step)} ──\n`);
    if (step === 'basic') await this.basic();
    if (step === 'source') await this.source();
    if (step === 'target') await this.target();
    if (step === 'runtime') await this.runtime();
  }

  private label(key: FieldKey): string {
    return FIELD_BY_KEY[key].label[this.ctx.lang];
  }

  /** A text input validated inline by the field's rules; an empty answer keeps `optional` fields unset. */
  private async text(key: FieldKey, opts: { optional?: boolean; fallback?: string } = {}): Promise<void> {
    const field = FIELD_BY_KEY[key];
    const current = this.state.input[key] ?? opts.fallback;
    const answer = await this.ctx.prompts.input({
      message: this.label(key),
      ...(current !== undefined ? { default: current } : {}),
      validate: (value) => {
        if (value === '' && opts.optional) return true;
        return firstProblem(field.rules, value) ?? true;
      },
    });
    if (answer === '' && opts.optional) delete this.state.input[key];
    else this.state.input[key] = answer;
  }

  private async choose(key: FieldKey, choices: Array<Choice>): Promise<void> {
    const current = this.state.input[key];
    const answer =
      choices.length > SEARCH_THRESHOLD
        ? await this.ctx.prompts.search({
            message: `${this.label(key)} (${this.t.searchHint})`,
            source: (term) => choices.filter((c) => !term || c.value.includes(term)),
          })
        : await this.ctx.prompts.select({
            message: this.label(key),
            choices,
            ...(current && choices.some((c) => c.value === current) ? { default: current } : {}),
          });
    this.state.input[key] = answer;
  }

  /** A live list; when the account has nothing to list, a validated text input (the submit check then explains). */
  private async chooseOrType(key: FieldKey, choices: Array<Choice>): Promise<void> {
    if (choices.length > 0) await this.choose(key, choices);
    else await this.text(key);
  }

  private async enumeration(key: FieldKey): Promise<void> {
    const field = FIELD_BY_KEY[key];
    await this.choose(key, (field.choices ?? []).map((value) => ({ value })));
    if (!this.state.input[key]) this.state.input[key] = field.defaultText;
  }

  private instance(): InstanceSummary | undefined {
    return this.instances.find((i) => i.instanceId === this.state.input.instanceId);
  }

  private async basic(): Promise<void> {
    await this.text('name');
    if (this.instances.length > 0) {
      await this.choose('instanceId', this.instances.map((i) => ({ value: i.instanceId, name: `${i.instanceId} (${i.name})` })));
    } else {
      await this.text('instanceId');
    }
  }

  private async source(): Promise<void> {
    const instance = this.instance();
    if (instance && this.ctx.catalog) {
      const topics = await this.ctx.catalog.listTopics(instance.instanceId);
      const visible = topics.filter((t) => !t.name.startsWith('connect-'));
      await this.chooseOrType('sourceTopic', visible.map((t) => ({ value: t.name, name: `${t.name} (${t.partitionNum})` })));
    } else {
      await this.text('sourceTopic');
    }
    await this.enumeration('offsetReset');
    await this.enumeration('concurrency');
  }

  private async target(): Promise<void> {
    if (this.ctx.catalog) {
      const buckets = await this.ctx.catalog.listBuckets();
      await this.chooseOrType('bucket', buckets.map((b) => ({ value: b.name, name: `${b.name} (${b.region})` })));
    } else {
      await this.text('bucket');
    }
    await this.text('accessKeyId');
    if (!this.state.secretGiven) {
      const secret = await this.ctx.prompts.password({
        message: this.t.accessKeySecret,
        mask: '*',
        validate: (value) => (value.length > 0 ? true : `${this.t.accessKeySecret}: is required`),
      });
      this.state.secret = secret;
    }
  }

  private async runtime(): Promise<void> {
    const instance = this.instance();
    await this.text('vpcId', { optional: true, ...(instance ? { fallback: instance.vpcId } : {}) });
    await this.text('vSwitchId', { optional: true, ...(instance ? { fallback: instance.vSwitchId } : {}) });
    if (instance && this.state.input.vpcId === instance.vpcId && this.state.input.vSwitchId === instance.vSwitchId) {
      // The instance's own network: leave it to deploy to resolve, as the console does.
      delete this.state.input.vpcId;
      delete this.state.input.vSwitchId;
    }
    await this.enumeration('failurePolicy');
    await this.enumeration('resources');
    const manual = this.state.input.resources === 'manual';
    const names = this.state.input.name ? derivedNames(this.state.input.name) : undefined;
    if (manual || (await this.ctx.prompts.confirm({ message: this.t.customiseNames, default: false }))) {
      await this.text('connectorGroup', { ...(names ? { fallback: names.connectorGroup } : {}) });
      for (const key of ['offsetTopic', 'configTopic', 'statusTopic', 'errorTopic'] as const) {
        await this.text(key, { ...(names ? { fallback: names[key] } : {}) });
      }
      await this.text('deadLetterTopic', { fallback: this.state.input.errorTopic ?? names?.deadLetterTopic ?? '' });
      this.dropDefaults(names);
    }
  }

  /** Names equal to the derived defaults are not recorded, so they follow a later rename. */
  private dropDefaults(names: ReturnType<typeof derivedNames> | undefined): void {
    if (!names) return;
    for (const key of ['connectorGroup', 'offsetTopic', 'configTopic', 'statusTopic', 'errorTopic'] as const) {
      if (this.state.input[key] === names[key]) delete this.state.input[key];
    }
    if (this.state.input.deadLetterTopic === (this.state.input.errorTopic ?? names.errorTopic)) delete this.state.input.deadLetterTopic;
  }
}
