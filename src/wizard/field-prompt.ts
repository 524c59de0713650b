import { checkFieldAgainstCloud, type FieldContext } from '../definition/field-checks.js';
import { FIELD_BY_KEY, type FieldKey } from '../definition/fields.js';
import type { Problem } from '../definition/problems.js';
import { firstRuleProblem } from '../definition/rules.js';
import { choiceText, type ChoiceField } from '../i18n/explanations.js';
import { format, messages, type MessageKey } from '../i18n/messages.js';
import { problemText } from '../i18n/problems.js';
import { errorText, instanceOf, type WizardContext, type WizardState } from './context.js';
import type { Choice, Validate } from './prompts.js';

/** Above this many choices a list becomes a search prompt. */
const SEARCH_THRESHOLD = 10;

export interface TextOptions {
  /** An empty answer leaves the field unset. */
  optional?: boolean;
  /** For an optional field: whether an empty answer is fine now (true) or the problem line. */
  whenEmpty?: () => true | string;
  /** The default shown when the field has no value yet. */
  fallback?: string;
  /** One more check after the field's own rules and live checks (the AccessKey probe); a problem line or undefined. */
  extra?: (value: string) => Promise<string | undefined>;
}

/**
 * Asks for one field and checks the answer as it is given: the field's rules, then the account (the
 * console's pickers), in the user's language and naming the field by its label. A refused answer is
 * shown under the prompt, which asks again; warnings are printed once the answer is accepted.
 */
export class FieldPrompt {
  readonly t: Record<MessageKey, string>;

  constructor(
    readonly ctx: WizardContext,
    readonly state: WizardState,
  ) {
    this.t = messages(ctx.lang);
  }

  label(key: FieldKey): string {
    return FIELD_BY_KEY[key].label[this.ctx.lang];
  }

  /** "<label>: <problem>" in the user's language. */
  line(key: FieldKey, problem: Problem): string {
    return this.labelled(this.label(key), problemText(problem, this.ctx.lang));
  }

  /** "<label>: <text>", with the language's own colon. */
  labelled(label: string, text: string): string {
    return format(this.t.labelled, { label, text });
  }

  /** The console's explanation of a field, printed above its prompt. */
  explain(text: string): void {
    this.ctx.print(`  ${text}\n`);
  }

  warn(lines: string[]): void {
    for (const line of lines) this.ctx.print(`  ! ${this.labelled(this.t.warning, line)}\n`);
  }

  /** What a field's live check needs besides its value. */
  fieldContext(): FieldContext {
    const instance = instanceOf(this.state);
    const vpcId = this.state.input.vpcId ?? instance?.vpcId;
    return {
      ...(this.state.input.instanceId ? { instanceId: this.state.input.instanceId } : {}),
      ...(vpcId ? { vpcId } : {}),
      ...(this.state.input.resources ? { resources: this.state.input.resources } : {}),
      ...(this.state.input.logProject ? { logProject: this.state.input.logProject } : {}),
    };
  }

  /** A text answer, checked by the field's rules and the account at the prompt. */
  async text(key: FieldKey, opts: TextOptions = {}): Promise<void> {
    const current = this.state.input[key] ?? opts.fallback;
    const warnings: string[] = [];
    const answer = await this.ctx.prompts.input({
      message: this.label(key),
      ...(current !== undefined ? { default: current } : {}),
      validate: this.validator(key, opts, warnings),
    });
    if (answer === '' && opts.optional) {
      delete this.state.input[key];
      return;
    }
    this.state.input[key] = answer;
    this.warn([...this.advice(key, answer), ...warnings]);
  }

  /** The field's checks as a prompt's validate; the accepted answer's live warnings land in `warnings`. */
  validator(key: FieldKey, opts: TextOptions, warnings: string[]): Validate {
    return async (value) => {
      if (value === '' && opts.optional) return opts.whenEmpty?.() ?? true;
      const broken = firstRuleProblem(FIELD_BY_KEY[key].rules, value);
      if (broken) return this.line(key, broken);
      const live = await this.liveProblem(key, value, warnings);
      if (live) return live;
      return (opts.extra && (await opts.extra(value))) || true;
    };
  }

  /** The account's verdict on one answer: the first error as a line, or undefined (its warnings collected). */
  async liveProblem(key: FieldKey, value: string, warnings: string[] = []): Promise<string | undefined> {
    const { catalog } = this.ctx;
    if (!catalog) return undefined;
    try {
      const verdict = await checkFieldAgainstCloud(catalog, key, value, this.fieldContext());
      warnings.splice(0, warnings.length, ...verdict.warnings.map((w) => this.line(key, w)));
      return verdict.errors[0] && this.line(key, verdict.errors[0]);
    } catch (err) {
      return this.labelled(this.label(key), format(this.t.checkFailed, { error: errorText(err) }));
    }
  }

  /** Broken recommendations (name prefixes), as warning lines. */
  advice(key: FieldKey, value: string): string[] {
    return (FIELD_BY_KEY[key].advice ?? []).map((rule) => rule.problem(value)).filter((p): p is Problem => p !== undefined).map((p) => this.line(key, p));
  }

  /** One of a list; a long list becomes a search prompt (special entries stay at its end whatever the filter). */
  async choose(key: FieldKey, choices: Array<Choice>, opts: { default?: string; always?: Array<Choice> } = {}): Promise<string> {
    const always = opts.always ?? [];
    const preferred = opts.default ?? this.state.input[key];
    if (choices.length > SEARCH_THRESHOLD) {
      return this.ctx.prompts.search({
        message: `${this.label(key)} (${this.t.searchHint})`,
        source: (term) => {
          const found = choices.filter((c) => !term || c.value.includes(term));
          return [...(found.length > 0 || always.length > 0 ? found : [{ value: '', name: this.t.noMatch, disabled: true }]), ...always];
        },
      });
    }
    const all = [...choices, ...always];
    const selectable = all.some((c) => c.value === preferred && !c.disabled);
    return this.ctx.prompts.select({ message: this.label(key), choices: all, ...(preferred !== undefined && selectable ? { default: preferred } : {}) });
  }

  /** A fixed choice (start position, failure policy, …) with the console's explanation of each value. */
  async enumeration(key: ChoiceField): Promise<void> {
    const field = FIELD_BY_KEY[key];
    const choices = (field.choices ?? []).map((value) => ({ value, ...choiceText(key, value, this.ctx.lang) }));
    this.state.input[key] = await this.choose(key, choices, { default: this.state.input[key] ?? field.defaultText ?? '' });
  }
}
