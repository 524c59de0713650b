import type { Choice, Prompts } from '../../src/wizard/prompts.js';

/** A scripted answer, or a function giving it when the prompt comes (to change the account meanwhile). */
export type Answer = string | boolean | (() => string | boolean);

/**
 * Answers prompts from a script, in order. A text or secret answer goes through the prompt's own
 * validate, as inquirer does (a refusal is recorded and the next scripted answer is tried); a list
 * answer must be one of the choices and not disabled.
 */
export function scriptedPrompts(answers: Answer[]) {
  const asked: string[] = [];
  const rejected: string[] = [];
  /** The choices each list prompt showed, by message (the last time it was shown). */
  const lists = new Map<string, Choice[]>();
  const next = (message: string) => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`no scripted answer for "${message}"`);
    const answer = answers.shift()!;
    return typeof answer === 'function' ? answer() : answer;
  };
  const answerText = async (message: string, def: string | undefined, validate?: (value: string) => true | string | Promise<true | string>) => {
    for (;;) {
      const raw = next(message) as string;
      const value = raw === '' && def !== undefined ? def : raw;
      const verdict = (await validate?.(value)) ?? true;
      if (verdict === true) return value;
      rejected.push(verdict);
    }
  };
  const prompts: Prompts = {
    input: async ({ message, default: def, validate }) => answerText(message, def, validate),
    password: async ({ message, validate }) => answerText(message, undefined, validate),
    select: async ({ message, choices, default: def }) => {
      lists.set(message, choices);
      const raw = next(message) as string;
      const value = raw === '' && def !== undefined ? def : raw;
      const choice = choices.find((c) => c.value === value);
      if (!choice || choice.disabled) throw new Error(`"${value}" is not a choice of "${message}"`);
      return value as never;
    },
    search: async ({ message, source }) => {
      lists.set(message, source(undefined));
      const value = next(message) as string;
      if (!source(value).some((c) => c.value === value && !c.disabled)) throw new Error(`"${value}" is not found by "${message}"`);
      return value as never;
    },
    confirm: async ({ message }) => next(message) as boolean,
  };
  return { prompts, asked, rejected, lists, remaining: answers };
}
