import { z } from 'zod';
import { defineRpc } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import { AuthenticatedAccount } from './account.rpc';

/**
 * How long a sign-in may be renewed without the password: `session` for a working day (the
 * console, API clients), `remember` for weeks (the CLI's `login --remember`). The accounts
 * service turns each into an absolute and an idle lifetime from its settings.
 */
export const RefreshLifetime = z.enum(['session', 'remember']);
export type RefreshLifetime = z.infer<typeof RefreshLifetime>;

/** A refresh token as issued: the only moment its value exists outside the client. */
export const IssuedRefreshToken = z.object({
  /** opaque, 256 random bits; the accounts service keeps only its SHA-256 */
  token: z.string(),
  /** the sign-in ends then, however often it is renewed (absolute lifetime) */
  expiresAt: Timestamp,
  /** this token is refused after then if it has not been used (idle lifetime) */
  idleExpiresAt: Timestamp,
});
export type IssuedRefreshToken = z.infer<typeof IssuedRefreshToken>;

/** What a client presents: checked for size only, anything unknown is simply refused (401). */
export const PresentedRefreshToken = z.string().min(1).max(200);

/**
 * Refresh tokens, owned by the accounts service. A sign-in is a family of tokens: each
 * rotation retires the token presented and issues its successor; presenting a retired token
 * again revokes the whole family (one of the two holders is a thief). A family also ends when
 * the account's token version moves past the one it was issued at (password change,
 * deactivation, privilege change, sign-out), so the rule that ends access tokens ends it too.
 */
export const refreshTokenRpc = {
  /** starts a family for an account whose credentials were just verified (at that token version) */
  issue: defineRpc('accounts.refreshToken.issue', {
    request: z
      .object({
        accountId: Uuid,
        tokenVersion: z.number().int().nonnegative(),
        lifetime: RefreshLifetime,
      })
      .strict(),
    response: IssuedRefreshToken,
  }),
  /** exchanges a token for its successor and the account to sign a new access token for */
  rotate: defineRpc('accounts.refreshToken.rotate', {
    request: z.object({ token: PresentedRefreshToken }).strict(),
    response: z.object({ account: AuthenticatedAccount, refreshToken: IssuedRefreshToken }),
  }),
  /**
   * Signs the account out everywhere: every family is revoked and the token version goes up,
   * so its access tokens stop working too (within the gateway's token-state TTL).
   */
  revokeAll: defineRpc('accounts.refreshToken.revokeAll', {
    request: z.object({ accountId: Uuid }).strict(),
    response: z.object({ revokedFamilies: z.number().int().nonnegative() }),
  }),
};

/** Why a refresh token was refused; every one is a 401. */
export const RefreshTokenErrorCode = {
  Invalid: 'REFRESH_TOKEN_INVALID',
  Expired: 'REFRESH_TOKEN_EXPIRED',
  Revoked: 'REFRESH_TOKEN_REVOKED',
  Reused: 'REFRESH_TOKEN_REUSED',
} as const;
