import { gatewayErrors } from '../errors.js';
import type { RpcParams } from '../params.js';
import { brokenConstraint, type ActionRules, type ParamRule } from './rules.js';

const INTEGER = /^-?\d+$/;

/** A repeated parameter (`Name.1`, `Name.1.Key`, …) is present when any of its elements is. */
const hasElements = (params: RpcParams, name: string) => Object.keys(params.raw).some((key) => key.startsWith(`${name}.`));

function checkType(name: string, rule: ParamRule, value: string): void {
  if (rule.type === 'Integer' && !INTEGER.test(value)) throw gatewayErrors.invalidParameter(name, `expected an integer, got "${value}"`);
  if (rule.type === 'Boolean' && value !== 'true' && value !== 'false') throw gatewayErrors.invalidParameter(name, `expected true or false, got "${value}"`);
}

/**
 * Checks an RPC call against its action's rules, as the API gateway does before the service sees it:
 * a missing required parameter is MissingParameter, a value of the wrong type or outside its
 * enumeration, pattern or range InvalidParameter (400) — unless the rule names the service's own answer.
 */
export function checkRpcParams(rules: ActionRules | undefined, params: RpcParams): void {
  if (!rules) return;
  for (const [name, rule] of Object.entries(rules.params)) {
    if (rule.type === 'Array' || rule.type === 'Object') {
      if (rule.required && !hasElements(params, name)) throw gatewayErrors.missingParameter(`${name}.1`);
      continue;
    }
    const value = params.optional(name);
    if (value === undefined) {
      if (rule.required) throw gatewayErrors.missingParameter(name);
      continue;
    }
    checkType(name, rule, value);
    const broken = brokenConstraint(rule, value);
    if (broken) throw rule.refuse?.(value) ?? gatewayErrors.invalidParameter(name, broken);
  }
}
