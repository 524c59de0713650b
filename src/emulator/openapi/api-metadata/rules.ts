import type { ApiError } from '../errors.js';

/** A parameter as the published API metadata describes it. */
export interface ParamRule {
  type: 'String' | 'Integer' | 'Boolean' | 'Array' | 'Object';
  required?: true;
  /** Allowed values; `ignoreCase` when the metadata says the value is case-insensitive. */
  enum?: readonly string[];
  ignoreCase?: true;
  pattern?: RegExp;
  /** Inclusive bounds of an Integer, or of a String that must hold one (alikafka's PartitionNum). */
  range?: readonly [number, number];
  multipleOf?: number;
  /** For an Object: the rules of its fields. */
  fields?: Readonly<Record<string, ParamRule>>;
  /** The service's own answer when the value breaks the pattern, enumeration or range (default: the product's invalid-parameter error). */
  refuse?: (value: string) => ApiError;
}

/** One action's parameters, with where they were read. */
export interface ActionRules {
  /** The published source of these rules (API metadata, SDK model, API reference). */
  source: string;
  params: Readonly<Record<string, ParamRule>>;
}

/** How a product answers a request that breaks its metadata. */
export interface RuleErrors {
  missing: (name: string) => ApiError;
  invalid: (name: string, why: string) => ApiError;
}

/** The constraint a present value breaks, if any (type already checked). */
export function brokenConstraint(rule: ParamRule, value: string | number): string | undefined {
  const text = String(value);
  if (rule.enum) {
    const allowed = rule.ignoreCase ? rule.enum.map((v) => v.toLowerCase()) : rule.enum;
    if (!allowed.includes(rule.ignoreCase ? text.toLowerCase() : text)) return `expected one of ${rule.enum.join(', ')}, got ${JSON.stringify(text)}`;
  }
  if (rule.pattern && !rule.pattern.test(text)) return `${JSON.stringify(text)} does not match ${rule.pattern.source}`;
  if (rule.range) {
    const n = Number(value);
    if (!Number.isInteger(n)) return `expected an integer, got ${JSON.stringify(text)}`;
    if (n < rule.range[0] || n > rule.range[1]) return `expected ${rule.range[0]}–${rule.range[1]}, got ${n}`;
  }
  if (rule.multipleOf && Number(value) % rule.multipleOf !== 0) return `expected a multiple of ${rule.multipleOf}, got ${text}`;
  return undefined;
}
