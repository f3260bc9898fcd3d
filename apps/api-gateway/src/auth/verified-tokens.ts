import type { JwtClaims } from '@medicalink/contracts';
import { CLOCK_SKEW_SEC } from './jwt';

/**
 * Tokens already verified, so a client's repeated requests skip the HMAC and
 * claim parsing. Bounded (oldest dropped first); an entry is used only until
 * its token expires, exactly as verification would decide.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, JwtClaims>();

  constructor(
    private readonly capacity = 10_000,
    private readonly clockSkewSec = CLOCK_SKEW_SEC,
  ) {}

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
