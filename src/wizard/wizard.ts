import type { ConnectorDefinition, DefinitionInput } from '../definition/definition.js';
import { format, messages } from '../i18n/messages.js';
import type { WizardContext, WizardState } from './context.js';
import { previewRows, renderTable } from './preview.js';
import { EDITABLE_STEPS, WizardSteps, type EditableStep } from './steps.js';
import { checkOnSubmit } from './submit.js';

export type { WizardContext } from './context.js';

export interface WizardResult {
  definition: ConnectorDefinition;
  secret?: string;
  /** In the user's language. */
  warnings: string[];
  /** The user chose "Deploy now" after Submit (asked only with `offerDeploy`). */
  deployNow: boolean;
}

/**
 * The console wizard: Basic info → Source → Target → Runtime → Preview/Submit. From the preview the
 * user submits, goes back to any step (and returns to the preview), or cancels (returns undefined).
 * After Submit it offers to deploy at once, with the secret it was given.
 */
export async function runWizard(initial: DefinitionInput, initialSecret: string | undefined, ctx: WizardContext): Promise<WizardResult | undefined> {
  const t = messages(ctx.lang);
  const state: WizardState = {
    input: { ...initial },
    ...(initialSecret ? { secret: initialSecret } : {}),
    secretGiven: Boolean(initialSecret),
    instances: ctx.catalog ? await ctx.catalog.listInstances() : [],
  };
  const steps = new WizardSteps(state, ctx);

  for (const step of EDITABLE_STEPS) await steps.run(step);
  for (;;) {
    ctx.print(`\n${t.stepPreview}\n${renderTable(previewRows(state.input, state.secret, ctx.lang, t))}\n`);
    const action = await ctx.prompts.select<string>({
      message: t.previewAction,
      choices: [
        { value: 'submit', name: t.submit },
        ...EDITABLE_STEPS.map((s) => ({ value: `edit:${s}`, name: format(t.labelled, { label: t.editStep, text: steps.title(s) }) })),
        { value: 'cancel', name: t.cancel },
      ],
      default: 'submit',
    });
    if (action === 'cancel') return undefined;
    if (action.startsWith('edit:')) {
      await steps.run(action.slice(5) as EditableStep);
      continue;
    }
    const verdict = await checkOnSubmit(state, ctx);
    if (!verdict.definition) {
      ctx.print(`\n${t.liveProblems}\n${verdict.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      continue;
    }
    const deployNow = ctx.offerDeploy ? await ctx.prompts.confirm({ message: t.deployNow, default: true }) : false;
    return { definition: verdict.definition, ...(state.secret ? { secret: state.secret } : {}), warnings: verdict.warnings, deployNow };
  }
}
