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
 * alikafka's documented limits: each user may call each API 3 times per second, and CreateTopic and
 * CreateConsumerGroup once per second (AlibabaCloudDocs/alikafka, 管控 API 参考/接入指南.md: "单用户单接口的请求频率的
 * 限制为 3 QPS"; CreateTopic.md and CreateConsumerGroup.md: "单用户请求频率限制为 1 QPS").
 */
const CALLS_PER_WINDOW: Record<string, number> = { CreateTopic: 1, CreateConsumerGroup: 1 };
const DEFAULT_CALLS_PER_WINDOW = 3;

/**
 * Flow control like alikafka's: each AccessKey may call each action so many times per `windowMs` (a second, as
 * documented; tests shorten it); a faster call is refused in the form asked for (by default the gateway's
 * Throttling.User, which the SDKs raise as ThrottlingError).
 */
export class Throttle {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly windowMs: number,
    private readonly answer: FlowControlAnswer = 'Throttling.User',
  ) {}

  check(accessKeyId: string, action: string, now = Date.now()): void {
    if (this.windowMs <= 0) return;
    const key = `${accessKeyId}\u0000${action}`;
    const calls = (this.recent.get(key) ?? []).filter((at) => now - at < this.windowMs);
    if (calls.length >= (CALLS_PER_WINDOW[action] ?? DEFAULT_CALLS_PER_WINDOW)) {
      this.recent.set(key, calls);
      throw flowControlError(this.answer);
    }
    calls.push(now);
    this.recent.set(key, calls);
  }
}
