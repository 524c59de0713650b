/**
 * Fault injection for tests: the next N requests (optionally of one action) fail or stall, or the disk under
 * the store fills up.
 */
interface Rule { remaining: number; action?: string; status?: number; code?: string; stallMs?: number }

export class OssFaults {
  private readonly rules: Rule[] = [];
  private diskBytesLeft = Infinity;

  failNext(count: number, opts: { status: number; code?: string; action?: string }): void {
    this.rules.push({ remaining: count, status: opts.status, ...(opts.code ? { code: opts.code } : {}), ...(opts.action ? { action: opts.action } : {}) });
  }

  stallNext(count: number, opts: { ms: number; action?: string }): void {
    this.rules.push({ remaining: count, stallMs: opts.ms, ...(opts.action ? { action: opts.action } : {}) });
  }

  /** The disk fills up after `bytes` more bytes written by the store: what goes beyond fails with ENOSPC. */
  diskFullAfter(bytes: number): void {
    this.diskBytesLeft = bytes;
  }

  /** How many of `wanted` bytes the disk takes now (all of them unless diskFullAfter was called). */
  diskAllows(wanted: number): number {
    const allowed = Math.min(wanted, this.diskBytesLeft);
    this.diskBytesLeft -= allowed;
    return allowed;
  }

  clear(): void {
    this.rules.length = 0;
    this.diskBytesLeft = Infinity;
  }

  take(action: string): Rule | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (!r.action || r.action === action));
    if (rule) rule.remaining -= 1;
    return rule;
  }
}
