/**
 * Fault injection for tests: fail the next N matching calls with a given status and code. For alikafka a
 * fault can also come the way alikafka sends some failures, flow control among them: HTTP 200 with
 * `Success: false` and the code as a string (`successFalse`). An RPC fault may instead be an odd success (`answer`),
 * such as VPC's empty answer for a VSwitch it does not know (Terraform's alicloud provider reads a
 * DescribeVSwitchAttributes success naming another or no VSwitch as "not found": service_alicloud_vpc.go).
 */
export interface FaultRule {
  remaining: number;
  status: number;
  code: string;
  message?: string;
  successFalse: boolean;
  answer?: Record<string, unknown>;
  action?: string;
  pathPrefix?: string;
}

export interface FaultOptions {
  status?: number;
  code?: string;
  message?: string;
  /** Answer HTTP 200 `{Success: false, Code: <code>}` (alikafka only). */
  successFalse?: boolean;
  /** Answer HTTP 200 with this body and the request id instead of running the action (RPC only). */
  answer?: Record<string, unknown>;
  /** RPC action (x-acs-action or Action), also sent by the FC client. */
  action?: string;
  /** Request path prefix, e.g. '/2021-04-06/services/demo'. */
  pathPrefix?: string;
  /** Same as pathPrefix. */
  path?: string;
}

export class Faults {
  private readonly rules: FaultRule[] = [];

  failNext(count: number, opts: FaultOptions = {}): void {
    const pathPrefix = opts.pathPrefix ?? opts.path;
    this.rules.push({
      remaining: count,
      status: opts.status ?? 503,
      code: opts.code ?? 'ServiceUnavailable',
      successFalse: opts.successFalse ?? false,
      ...(opts.message ? { message: opts.message } : {}),
      ...(opts.answer ? { answer: opts.answer } : {}),
      ...(opts.action ? { action: opts.action } : {}),
      ...(pathPrefix ? { pathPrefix } : {}),
    });
  }

  /** Consumes one matching rule, if any. */
  take(action: string, path: string): FaultRule | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (!r.action || r.action === action) && (!r.pathPrefix || path.startsWith(r.pathPrefix)));
    if (rule) rule.remaining -= 1;
    return rule;
  }

  clear(): void {
    this.rules.length = 0;
  }
}
