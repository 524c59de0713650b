/** Fault injection for tests: the next N requests (optionally of one action) fail or stall. */
interface Rule { remaining: number; action?: string; status?: number; code?: string; stallMs?: number }

export class OssFaults {
  private readonly rules: Rule[] = [];

  failNext(count: number, opts: { status: number; code?: string; action?: string }): void {
    this.rules.push({ remaining: count, status: opts.status, ...(opts.code ? { code: opts.code } : {}), ...(opts.action ? { action: opts.action } : {}) });
  }

  stallNext(count: number, opts: { ms: number; action?: string }): void {
    this.rules.push({ remaining: count, stallMs: opts.ms, ...(opts.action ? { action: opts.action } : {}) });
  }

  clear(): void {
    this.rules.length = 0;
  }

  take(action: string): Rule | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (!r.action || r.action === action));
    if (rule) rule.remaining -= 1;
    return rule;
  }
}
