import type { CloudCatalog, InstanceSummary } from '../definition/catalog.js';
import type { DefinitionInput } from '../definition/definition.js';
import type { Lang } from '../i18n/messages.js';
import type { Prompts } from './prompts.js';

export interface WizardContext {
  prompts: Prompts;
  lang: Lang;
  /** The account, for the live lists and checks; absent with --offline. */
  catalog?: CloudCatalog;
  regionId?: string;
  /** Where the wizard writes what it shows (stderr in the CLI). */
  print: (text: string) => void;
  /** Ask "Deploy now?" after Submit (`create` against the cloud; quickstart deploys anyway). */
  offerDeploy?: boolean;
}

/** The answers so far. */
export interface WizardState {
  input: DefinitionInput;
  secret?: string;
  /** The secret came from the environment or standard input: it is not asked. */
  secretGiven: boolean;
  instances: InstanceSummary[];
}

export function instanceOf(state: WizardState): InstanceSummary | undefined {
  return state.instances.find((i) => i.instanceId === state.input.instanceId);
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
