import type { JwtClaims } from '@medicalink/contracts';
import { CLOCK_SKEW_SEC, verifyJwt } from './jwt';

export interface VerifiedTokensOptions {
  clockSkewSec?: number;
  /** tokens remembered at most (the oldest is dropped first) */
  capacity?: number;
}

/**
 * The gateway's token verification, once per token: a client's repeated requests skip the HMAC
 * and claim parsing, whether the rate limiter (which buckets by account) or the AuthGuard asks
 * first. Bounded; an entry is used only until its token expires, exactly as verification would
 * decide. Keyed by the whole token, so a token with any other signature is verified afresh.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, JwtClaims>();
  private readonly clockSkewSec: number;
  private readonly capacity: number;

  constructor(
    private readonly secret: string,
    options: VerifiedTokensOptions = {},
  ) {
    this.clockSkewSec = options.clockSkewSec ?? CLOCK_SKEW_SEC;
    this.capacity = options.capacity ?? 10_000;
  }

  /** The token's claims, or a JwtError saying why it is refused. */
  verify(token: string, nowMs = Date.now()): JwtClaims {
    const known = this.get(token, nowMs);
    if (known) return known;
    const claims = verifyJwt(token, this.secret, nowMs, this.clockSkewSec);
    this.remember(token, claims);
    return claims;
  }

  get(token: string, nowMs = Date.now()): JwtClaims | undefined {
    const claims = this.entries.get(token);
    if (!claims) return undefined;
    if (Math.floor(nowMs / 1000) >= claims.exp + this.clockSkewSec) {
      this.entries.delete(token);
      return undefined;
    }
    return claims;
  }

  remember(token: string, claims: JwtClaims): void {
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, claims);
  }
}
