import { alikafkaErrors, gatewayErrors, type ApiError } from './errors.js';

/**
 * The forms in which alikafka refuses a call for flow control: the gateway's `Throttling.User` and
 * `Throttling` (HTTP 400, help.aliyun.com/document_detail/48054.html), and alikafka's own
 * `ONS_SYSTEM_FLOW_CONTROL`, as a gateway error or as HTTP 200 with `Success: false` and a string Code.
 */
export type FlowControlAnswer = 'Throttling.User' | 'Throttling' | 'ONS_SYSTEM_FLOW_CONTROL' | 'ONS_SYSTEM_FLOW_CONTROL (200, Success:false)';

export const flowControlError = (answer: FlowControlAnswer): ApiError =>
  answer === 'Throttling.User' ? gatewayErrors.throttlingUser()
    : answer === 'Throttling' ? gatewayErrors.throttling()
      : alikafkaErrors.systemFlowControl(answer !== 'ONS_SYSTEM_FLOW_CONTROL');

/**
 * Flow control like alikafka's: each AccessKey may call each action about once per `intervalMs`;
 * a faster call is refused in the form asked for (by default the gateway's Throttling.User, which the SDKs raise as ThrottlingError).
 */
export class Throttle {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly answer: FlowControlAnswer = 'Throttling.User',
  ) {}

  check(accessKeyId: string, action: string, now = Date.now()): void {
    if (this.intervalMs <= 0) return;
    const key = `${accessKeyId}\u0000${action}`;
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.intervalMs) throw flowControlError(this.answer);
    this.last.set(key, now);
  }
}
