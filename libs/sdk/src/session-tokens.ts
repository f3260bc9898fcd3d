/**
 * The tokens of a signed-in client and where they may be kept between runs. The SDK holds
 * them in memory; a `TokenStore` (the CLI's config file, say) keeps them across processes.
 */
export interface SessionTokens {
  accessToken?: string;
  /** epoch ms, by this machine's clock, after which the access token is refused */
  accessTokenExpiresAt?: number;
  /** opaque; exchanged once for its successor by POST /auth/refresh */
  refreshToken?: string;
  /** ISO timestamp: the sign-in ends then, however often it is renewed */
  refreshTokenExpiresAt?: string;
}

/**
 * Somewhere tokens outlive the client, shared by everyone who signs in with them. A refresh
 * token is used once: when two processes share one, each renewal must see the other's, or the
 * second use of the same token revokes the sign-in (the gateway takes it for theft).
 */
export interface TokenStore {
  /** the tokens as last saved (another process sharing the store may have renewed them) */
  load(): SessionTokens | undefined | Promise<SessionTokens | undefined>;
  /** called with the new tokens after every login and renewal; undefined after a logout */
  save(tokens: SessionTokens | undefined): void | Promise<void>;
  /** runs `work` alone among everyone sharing the store (a lock file, a Web Lock) */
  exclusive?<T>(work: () => Promise<T>): Promise<T>;
}

/** How login asks for a refresh token: in the reply (`token`), or as the console's cookie. */
export type RefreshMode = 'token' | 'cookie';

/** The header the console sends with cookie-carrying auth calls (the gateway's CSRF check). */
export const CONSOLE_HEADER = 'x-medicalink-console';

/** Renew when less than this share of an access token's life is left ... */
const RENEW_SHARE = 0.2;
/** ... but never earlier than this before it expires. */
const MAX_RENEW_MARGIN_MS = 60_000;

/** An access token and when it was obtained, to decide when to renew it. */
export interface HeldAccessToken {
  token: string;
  obtainedAt: number;
  /** epoch ms; undefined when unknown (a token given as is without a readable `exp`) */
  expiresAt: number | undefined;
}

/**
 * When to renew: a fifth of the token's life before it expires, at most a minute before. A
 * token that arrived already expired (a skewed clock) is never renewed ahead: the gateway's
 * 401 decides then, so a renewal cannot loop.
 */
export function renewAt(held: HeldAccessToken): number | undefined {
  if (held.expiresAt === undefined) return undefined;
  const life = held.expiresAt - held.obtainedAt;
  if (life <= 0) return undefined;
  return held.expiresAt - Math.min(life * RENEW_SHARE, MAX_RENEW_MARGIN_MS);
}

/** The token's `exp` in epoch ms, read without verifying it (the gateway verifies). */
export function tokenExpiry(token: string): number | undefined {
  return claimTime(token, 'exp');
}

/** The token's `iat` (issued at) in epoch ms, when it has one. */
export function tokenIssuedAt(token: string): number | undefined {
  return claimTime(token, 'iat');
}

function claimTime(token: string, claim: 'exp' | 'iat'): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const value = (JSON.parse(json) as Record<string, unknown>)[claim];
    return typeof value === 'number' ? value * 1_000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * In a browser, the tabs of one console share its refresh cookie: a Web Lock makes their
 * renewals take turns, so a tab never sends the cookie another tab has just rotated away.
 */
export function browserTabLock(): TokenStore['exclusive'] {
  const locks = (globalThis as { navigator?: { locks?: WebLocks } }).navigator?.locks;
  if (!locks) return undefined;
  return <T>(work: () => Promise<T>) => locks.request('medicalink-refresh', work);
}

interface WebLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}
