import { gatewayErrors } from './errors.js';

/**
 * Flow control like alikafka's: each AccessKey may call each action about once per `intervalMs`;
 * a faster call is refused with the gateway's throttling error (the SDKs raise ThrottlingError).
 */
export class Throttle {
  private readonly last = new Map<string, number>();

  constructor(private readonly intervalMs: number) {}

  check(accessKeyId: string, action: string, now = Date.now()): void {
    if (this.intervalMs <= 0) return;
    const key = `${accessKeyId}\u0000${action}`;
    const previous = this.last.get(key);
    if (previous !== undefined && now - previous < this.intervalMs) {
      throw gatewayErrors.throttlingUser();
    }
    this.last.set(key, now);
  }
}
