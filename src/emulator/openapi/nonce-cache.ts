import { gatewayErrors } from './errors.js';
import { MAX_SKEW_MS, type Signer } from './signature.js';

/**
 * The signature nonces seen while their requests are still valid. A signed request is accepted up to
 * 15 minutes from its timestamp, so its nonce is remembered that long and a second use is refused with
 * the gateway's SignatureNonceUsed (help.aliyun.com/document_detail/48054.html; the ACS3 docs name
 * x-acs-signature-nonce, the RPC docs SignatureNonce, as the guard against replay).
 */
export class NonceCache {
  /** `accessKeyId NUL nonce` → the time after which the request could no longer be replayed anyway. */
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly windowMs = MAX_SKEW_MS) {}

  use(signer: Signer, now = Date.now()): void {
    if (!signer.nonce) throw gatewayErrors.missingParameter('SignatureNonce');
    this.sweep(now);
    const key = `${signer.accessKeyId}\u0000${signer.nonce}`;
    const until = this.seen.get(key);
    if (until !== undefined && until > now) throw gatewayErrors.nonceUsed();
    this.seen.set(key, signer.signedAt + this.windowMs);
  }

  /** Forgets expired nonces, at most once a minute. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
  }
}
