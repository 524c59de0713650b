import { fcErrors } from '../errors.js';
import { brokenConstraint, type ActionRules, type ParamRule } from './rules.js';

const TYPE_OF: Record<ParamRule['type'], (value: unknown) => boolean> = {
  String: (v) => typeof v === 'string',
  Integer: (v) => Number.isInteger(v),
  Boolean: (v) => typeof v === 'boolean',
  Array: (v) => Array.isArray(v),
  Object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

function checkFields(params: Readonly<Record<string, ParamRule>>, body: Record<string, unknown>, prefix: string): void {
  for (const [name, rule] of Object.entries(params)) {
    const path = `${prefix}${name}`;
    const value = Object.hasOwn(body, name) ? body[name] : undefined;
    if (value === undefined || value === null) {
      if (rule.required) throw fcErrors.invalidArgument(`${path} is required`);
      continue;
    }
    if (!TYPE_OF[rule.type](value)) throw fcErrors.invalidArgument(`${path} must be ${rule.type === 'Integer' ? 'an' : 'a'} ${rule.type.toLowerCase()} (got ${JSON.stringify(value)})`);
    if (rule.fields) checkFields(rule.fields, value as Record<string, unknown>, `${path}.`);
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const broken = brokenConstraint(rule, value);
    if (broken) throw rule.refuse?.(String(value)) ?? fcErrors.invalidArgument(`${path} is invalid: ${broken}`);
  }
}

/** Checks an FC call's JSON body against its action's rules; FC answers a bad one with InvalidArgument (400). */
export function checkFcBody(rules: ActionRules | undefined, body: Record<string, unknown>): void {
  if (rules) checkFields(rules.params, body, '');
}
