import type { JwtClaims, TokenState } from '@medicalink/contracts';

/** Where the current token state of an account comes from (the accounts service). */
export type TokenStateSource = (accountId: string) => Promise<TokenState | null>;

export interface TokenStateOptions {
  /** how long a state is used before it is asked again: the most a revocation waits */
  ttlMs: number;
  /** when the accounts service does not answer, a state this young is still used */
  staleMs: number;
  /** accounts remembered at most (oldest dropped first) */
  capacity?: number;
}

interface Entry {
  state: TokenState | null;
  fetchedAtMs: number;
}

/**
 * The token state of each account a request came from, cached for ttlMs. Account events
 * (staff.account.updated / deleted, which every gateway replica receives) and this gateway's
 * own changes drop an entry at once; ttlMs bounds the wait when an event is lost. Concurrent
 * requests of one account share one fetch.
 */
export class TokenStates {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<TokenState | null>>();

  constructor(
    private readonly source: TokenStateSource,
    private readonly options: TokenStateOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async current(accountId: string): Promise<TokenState | null> {
    const entry = this.entries.get(accountId);
    if (entry && this.now() - entry.fetchedAtMs < this.options.ttlMs) return entry.state;
    try {
      return await this.fetch(accountId);
    } catch (error) {
      if (entry && this.now() - entry.fetchedAtMs < this.options.staleMs) return entry.state;
      throw error;
    }
  }

  forget(accountId: string): void {
    this.entries.delete(accountId);
  }

  private fetch(accountId: string): Promise<TokenState | null> {
    const pending = this.inFlight.get(accountId);
    if (pending) return pending;
    const fetchedAtMs = this.now();
    const request = this.source(accountId)
      .then((state) => {
        this.remember(accountId, { state, fetchedAtMs });
        return state;
      })
      .finally(() => this.inFlight.delete(accountId));
    this.inFlight.set(accountId, request);
    return request;
  }

  private remember(accountId: string, entry: Entry): void {
    this.entries.delete(accountId);
    if (this.entries.size >= (this.options.capacity ?? 50_000)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(accountId, entry);
  }
}

/** Why a verified token no longer holds, or null if it does. */
export function revocationOf(claims: JwtClaims, state: TokenState | null): string | null {
  if (!state) return 'account deleted';
  if (!state.isActive) return 'account deactivated';
  if ((claims.ver ?? 0) !== state.tokenVersion) return 'token revoked';
  if (claims.privilege !== state.privilege) return 'privilege changed';
  return null;
}
