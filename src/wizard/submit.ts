import { resolveDefinition, type ConnectorDefinition } from '../definition/definition.js';
import { inputAdvice, inputProblems, type FieldProblem } from '../definition/field-checks.js';
import { checkAgainstCloud } from '../definition/live-checks.js';
import { format } from '../i18n/messages.js';
import { errorText, type WizardContext, type WizardState } from './context.js';
import { FieldPrompt } from './field-prompt.js';

export interface SubmitVerdict {
  definition?: ConnectorDefinition;
  /** Each problem in the user's language, naming the field by its label. */
  problems: string[];
  warnings: string[];
}

/**
 * Submit checks everything again, as the console does: each answer was checked when given, but the
 * account may have changed since (a topic deleted, a name taken by a colleague).
 */
export async function checkOnSubmit(state: WizardState, ctx: WizardContext): Promise<SubmitVerdict> {
  const p = new FieldPrompt(ctx, state);
  const lines = (found: FieldProblem[]) => found.map((f) => p.line(f.field, f.problem));
  const warnings = lines(inputAdvice(state.input));
  const broken = inputProblems(state.input);
  if (broken.length > 0) return { problems: lines(broken), warnings };
  const resolution = resolveDefinition(state.input, ctx.regionId ? { regionId: ctx.regionId } : {});
  const { definition } = resolution;
  if (!definition) return { problems: resolution.errors, warnings };
  if (!ctx.catalog) return { definition, problems: [], warnings };
  try {
    const live = await checkAgainstCloud(definition, ctx.catalog);
    const problems = lines(live.fieldErrors);
    return { ...(problems.length === 0 ? { definition } : {}), problems, warnings: [...warnings, ...lines(live.fieldWarnings)] };
  } catch (err) {
    return { problems: [format(p.t.checkFailed, { error: errorText(err) })], warnings };
  }
}
