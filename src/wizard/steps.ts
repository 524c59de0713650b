import type { Step } from '../definition/fields.js';
import { derivedNames } from '../definition/names.js';
import { problem } from '../definition/problems.js';
import { hint } from '../i18n/explanations.js';
import { askAccessKey } from './access-key.js';
import { instanceOf, type WizardContext, type WizardState } from './context.js';
import { FieldPrompt } from './field-prompt.js';
import { pickBucket, pickSourceTopic } from './pickers.js';

export type EditableStep = Exclude<Step, 'preview'>;
export const EDITABLE_STEPS: EditableStep[] = ['basic', 'source', 'target', 'runtime'];

const INTERNAL_TOPIC_KEYS = ['offsetTopic', 'configTopic', 'statusTopic', 'errorTopic'] as const;

/** The console's four editable steps; each answer is checked as it is given (src/wizard/field-prompt.ts). */
export class WizardSteps {
  private readonly p: FieldPrompt;

  constructor(
    private readonly state: WizardState,
    private readonly ctx: WizardContext,
  ) {
    this.p = new FieldPrompt(ctx, state);
  }

  title(step: EditableStep): string {
    const { t } = this.p;
    return { basic: t.stepBasic, source: t.stepSource, target: t.stepTarget, runtime: t.stepRuntime }[step];
  }

  async run(step: EditableStep): Promise<void> {
    this.ctx.print(`\n── ${this.title(step)} ──\n`);
    if (step === 'basic') await this.basic();
    if (step === 'source') await this.source();
    if (step === 'target') await this.target();
    if (step === 'runtime') await this.runtime();
  }

  private async basic(): Promise<void> {
    const { p, state } = this;
    p.explain(hint('name', this.ctx.lang));
    await p.text('name');
    if (state.instances.length > 0) {
      const choices = state.instances.map((i) => ({ value: i.instanceId, name: `${i.instanceId} (${i.name})` }));
      state.input.instanceId = await p.choose('instanceId', choices);
    } else {
      await p.text('instanceId');
    }
    // The name is unique per instance: checked again once the instance is known (it may have been chosen just now).
    const taken = state.input.name ? await p.liveProblem('name', state.input.name) : undefined;
    if (taken) {
      this.ctx.print(`  ${taken}\n`);
      await p.text('name');
    }
  }

  private async source(): Promise<void> {
    const { p } = this;
    const instance = instanceOf(this.state);
    p.explain(hint('sourceTopic', this.ctx.lang));
    if (instance && this.ctx.catalog) await pickSourceTopic(p, this.ctx.catalog, instance.instanceId);
    else await p.text('sourceTopic');
    await p.enumeration('offsetReset');
    await p.enumeration('concurrency');
  }

  private async target(): Promise<void> {
    const { p } = this;
    p.explain(hint('bucket', this.ctx.lang));
    if (this.ctx.catalog) await pickBucket(p, this.ctx.catalog);
    else await p.text('bucket');
    await askAccessKey(p);
  }

  private async runtime(): Promise<void> {
    const { p, state } = this;
    const { lang } = this.ctx;
    const instance = instanceOf(state);
    p.explain(hint('vpcId', lang));
    await p.text('vpcId', { optional: true, ...(instance ? { fallback: instance.vpcId } : {}) });
    p.explain(hint('vSwitchId', lang));
    await p.text('vSwitchId', {
      optional: true,
      ...(instance ? { fallback: instance.vSwitchId } : {}),
      whenEmpty: () => (state.input.vpcId ? p.line('vSwitchId', problem('vSwitchNeededWithVpc', { vpc: state.input.vpcId })) : true),
    });
    if (instance && state.input.vpcId === instance.vpcId && state.input.vSwitchId === instance.vSwitchId) {
      // The instance's own network: leave it to deploy to resolve, as the console does.
      delete state.input.vpcId;
      delete state.input.vSwitchId;
    }
    await p.enumeration('failurePolicy');
    await p.enumeration('resources');
    await this.logStore();
    if (state.input.resources === 'manual' || (await this.ctx.prompts.confirm({ message: p.t.customiseNames, default: false }))) {
      await this.names();
    }
  }

  /** Where FC ships the function's logs: an existing project and one of its logstores, or none. */
  private async logStore(): Promise<void> {
    const { p, state } = this;
    p.explain(hint('logProject', this.ctx.lang));
    await p.text('logProject', { optional: true });
    const project = state.input.logProject;
    if (!project) {
      delete state.input.logStore;
      return;
    }
    await p.text('logStore', { optional: true, whenEmpty: () => p.line('logStore', problem('logStoreNeededWithProject', { project })) });
  }

  /** The connector group and the internal topics, each with the console's constraints (checked live in manual mode). */
  private async names(): Promise<void> {
    const { p, state } = this;
    const { lang } = this.ctx;
    const names = state.input.name ? derivedNames(state.input.name) : undefined;
    p.explain(hint('connectorGroup', lang));
    await p.text('connectorGroup', { ...(names ? { fallback: names.connectorGroup } : {}) });
    for (const key of INTERNAL_TOPIC_KEYS) {
      p.explain(hint(key, lang));
      await p.text(key, { ...(names ? { fallback: names[key] } : {}) });
    }
    p.explain(hint('deadLetterTopic', lang));
    await p.text('deadLetterTopic', { fallback: state.input.errorTopic ?? names?.deadLetterTopic ?? '' });
    if (names) this.dropDefaults(names);
  }

  /** Names equal to the derived defaults are not recorded, so they follow a later rename. */
  private dropDefaults(names: ReturnType<typeof derivedNames>): void {
    const { input } = this.state;
    for (const key of ['connectorGroup', ...INTERNAL_TOPIC_KEYS] as const) {
      if (input[key] === names[key]) delete input[key];
    }
    if (input.deadLetterTopic === (input.errorTopic ?? names.errorTopic)) delete input.deadLetterTopic;
  }
}
