import type { NonceCache } from './nonce-cache.js';
import { checkContentHash, verifyAcs3, verifyRpcV1, type SignedRequest, type Signer } from './signature.js';

/**
 * Checks who signed a request — ACS3 (the `Authorization` header) or the older RPC signature (`Signature`
 * parameter) — and that it is not a replay of one already accepted.
 */
export class Authenticator {
  constructor(
    private readonly secretOf: (accessKeyId: string) => string | undefined,
    private readonly nonces: NonceCache,
  ) {}

  /** An ACS3 request, checked once its body has been read; returns the AccessKey ID. */
  verify(req: SignedRequest, params: Record<string, string>, body: Buffer): string {
    if (req.headers.authorization) {
      checkContentHash(req.headers, body);
      return this.accepted(verifyAcs3(req, this.secretOf));
    }
    return this.accepted(verifyRpcV1(req.method, params, this.secretOf));
  }

  private accepted(signer: Signer): string {
    this.nonces.use(signer);
    return signer.accessKeyId;
  }
}
