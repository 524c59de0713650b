import { alikafkaErrors, gatewayErrors } from './errors.js';
import { newTags, type Tags } from './state-store.js';

/** The flat parameters of an RPC call (query and form body together), with typed getters. */
export class RpcParams {
  constructor(readonly raw: Record<string, string>) {}

  optional(name: string): string | undefined {
    const value = this.raw[name];
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw gatewayErrors.missingParameter(name);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (value === 'true' || value === 'false') return value === 'true';
    throw gatewayErrors.invalidParameter(name, `expected true or false, got "${value}"`);
  }

  integer(name: string, fallback?: number): number {
    const value = this.optional(name);
    if (value === undefined) {
      if (fallback === undefined) throw gatewayErrors.missingParameter(name);
      return fallback;
    }
    if (!/^-?\d+$/.test(value)) throw gatewayErrors.invalidParameter(name, `expected an integer, got "${value}"`);
    return Number(value);
  }

  /** Repeated parameters `Name.1`, `Name.2`, … in order. */
  list(name: string): string[] {
    const values: string[] = [];
    for (let i = 1; this.raw[`${name}.${i}`] !== undefined; i++) values.push(this.raw[`${name}.${i}`]!);
    return values;
  }

  /** `Tag.N.Key` / `Tag.N.Value` pairs. */
  tags(): Tags {
    const tags: Tags = newTags();
    for (let i = 1; this.raw[`Tag.${i}.Key`] !== undefined; i++) {
      const key = this.raw[`Tag.${i}.Key`]!;
      if (key.length === 0 || key.length > 128) throw alikafkaErrors.tagKeyInvalid(key);
      tags[key] = this.raw[`Tag.${i}.Value`] ?? '';
    }
    return tags;
  }
}
