/** The prompt functions the wizard uses; injectable so that the steps can be driven in tests. */
export interface Choice<T extends string = string> {
  value: T;
  name?: string;
  description?: string;
}

export interface Prompts {
  input(config: { message: string; default?: string; validate?: (value: string) => true | string }): Promise<string>;
  password(config: { message: string; mask?: string; validate?: (value: string) => true | string }): Promise<string>;
  select<T extends string>(config: { message: string; choices: Array<Choice<T>>; default?: T }): Promise<T>;
  search<T extends string>(config: { message: string; source: (term: string | undefined) => Array<Choice<T>> }): Promise<T>;
  confirm(config: { message: string; default?: boolean }): Promise<boolean>;
}

export async function inquirerPrompts(): Promise<Prompts> {
  const inquirer = await import('@inquirer/prompts');
  return {
    input: (config) => inquirer.input(config),
    password: (config) => inquirer.password(config),
    select: (config) => inquirer.select(config),
    search: (config) => inquirer.search(config),
    confirm: (config) => inquirer.confirm(config),
  };
}

/** True for the error inquirer throws on Ctrl-C. */
export function isPromptCancel(err: unknown): boolean {
  return err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError');
}
