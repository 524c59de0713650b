import { accessDenied } from './errors.js';
import { allowed, validatePolicy, type OssPolicy } from './policy.js';

export interface OssAccessKey { id: string; secret: string; policy?: OssPolicy }

/** The AccessKeys the server accepts, each with an optional RAM-style policy. */
export class AccessKeys {
  private readonly keys = new Map<string, OssAccessKey>();

  constructor(keys: readonly OssAccessKey[]) {
    keys.forEach((k, i) => this.add(k, `accessKeys[${i}]`));
  }

  add(key: OssAccessKey, where = 'accessKey'): void {
    checkAccessKey(key, where);
    this.keys.set(key.id, key);
  }

  secretOf(id: string): string | undefined {
    return this.keys.get(id)?.secret;
  }

  /** Throws AccessDenied unless the key's policy allows `oss:<action>` on the resource (no policy: everything). */
  authorize(id: string, action: string, resource: string): void {
    if (!allowed(this.keys.get(id)?.policy, `oss:${action}`, resource)) {
      throw accessDenied(`You have no right to access this object because of bucket acl or RAM policy (oss:${action} on ${resource}).`);
    }
  }
}

/** Rejects a malformed key (the secret itself is never echoed). */
function checkAccessKey(key: OssAccessKey, where: string): void {
  if (typeof key?.id !== 'string' || !/^[A-Za-z0-9._-]{1,128}$/.test(key.id)) {
    throw new Error(`${where}.id must be 1–128 letters, digits, ".", "_" or "-"; got ${JSON.stringify(key?.id)}`);
  }
  if (typeof key.secret !== 'string' || key.secret.length === 0) throw new Error(`${where}.secret must be a non-empty string (value not shown)`);
  if (key.policy !== undefined) validatePolicy(key.policy, `${where}.policy`);
}
