import { styleText } from 'node:util';
import { format, messages, type Lang } from '../i18n/messages.js';

/** The prompt functions the wizard uses; injectable so that the steps can be driven in tests. */
export interface Choice<T extends string = string> {
  value: T;
  name?: string;
  description?: string;
  /** A choice shown but not selectable; a string says why. */
  disabled?: boolean | string;
}

/** true when the answer is accepted, else the problem to show under the prompt (which then asks again). */
export type Validate = (value: string) => true | string | Promise<true | string>;

export interface Prompts {
  input(config: { message: string; default?: string; validate?: Validate }): Promise<string>;
  password(config: { message: string; mask?: string; validate?: Validate }): Promise<string>;
  select<T extends string>(config: { message: string; choices: Array<Choice<T>>; default?: T }): Promise<T>;
  search<T extends string>(config: { message: string; source: (term: string | undefined) => Array<Choice<T>> }): Promise<T>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
}

/** @inquirer/prompts with its own words (key hints, yes/no, the disabled-choice error) in the user's language. */
export async function inquirerPrompts(lang: Lang = 'en'): Promise<Prompts> {
  const inquirer = await import('@inquirer/prompts');
  const t = messages(lang);
  const actions: Record<string, string> = { navigate: t.keyNavigate, select: t.keySelect, 'toggle visibility': t.keyToggle };
  const keysHelpTip = (keys: Array<[string, string]>) =>
    keys.map(([key, action]) => `${styleText('bold', key)} ${styleText('dim', actions[action] ?? action)}`).join(styleText('dim', ' • '));
  const style = { keysHelpTip };
  return {
    input: (config) => inquirer.input(config),
    password: (config) => inquirer.password({ ...config, theme: { style } }),
    select: (config) => inquirer.select({ ...config, theme: { style, i18n: { disabledError: t.disabledChoice } } }),
    search: (config) => inquirer.search({ ...config, theme: { style } }),
    confirm: (config) =>
      inquirer.confirm({ ...config, theme: { keywords: { yes: t.yes, no: t.no, error: (words: { yes: string; no: string }) => format(t.yesOrNo, words) } } }),
  };
}

/** True for the error inquirer throws on Ctrl-C. */
export function isPromptCancel(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}
