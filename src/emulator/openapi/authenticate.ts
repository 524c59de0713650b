import type { NonceCache } from './nonce-cache.js';
import { checkContentHash, verifyAcs3, verifyRpcV1, type SignedRequest, type Signer } from './signature.js';
import { verifySlsV1 } from './sls-signature.js';

/**
 * Checks who signed a request — ACS3 (the `Authorization` header) or the older RPC signature (`Signature`
 * parameter) — and that it is not a replay of one already accepted. An ACS3 signature covers the body by
 * its hash, so it is checked from the headers before any of the body is read.
 */
export class Authenticator {
  constructor(
    private readonly secretOf: (accessKeyId: string) => string | undefined,
    private readonly nonces: NonceCache,
  ) {}

  /** The ACS3 signer of a request, checked from its headers; undefined for a request signed the older way. */
  fromHeaders(req: SignedRequest): Signer | undefined {
    if (!req.headers.authorization) return undefined;
    return this.accepted(verifyAcs3(req, this.secretOf));
  }

  /** Once the body is read: the ACS3 body hash, or the whole older signature (its parameters may be in the body). */
  withBody(req: SignedRequest, signer: Signer | undefined, params: Record<string, string>, body: Buffer): string {
    if (signer) {
      checkContentHash(req.headers, body);
      return signer.accessKeyId;
    }
    return this.accepted(verifyRpcV1(req.method, params, this.secretOf)).accessKeyId;
  }

  /** Log Service's own V1 signature, from the headers (its Content-MD5 covers the body: sls-signature.ts). */
  fromSlsHeaders(req: SignedRequest): string {
    return verifySlsV1(req, this.secretOf);
  }

  private accepted(signer: Signer): Signer {
    this.nonces.use(signer);
    return signer;
  }
}
