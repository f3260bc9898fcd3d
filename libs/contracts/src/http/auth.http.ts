import { z } from 'zod';
import { Privilege } from '../accounts/account.rpc';
import { PresentedRefreshToken } from '../accounts/refresh-token.rpc';
import { Email, Password, Timestamp, Uuid } from '../common/fields';

/**
 * The console's refresh token lives in this cookie (HttpOnly, SameSite=Strict, Path=/auth,
 * Secure over https), never readable by scripts.
 */
export const REFRESH_COOKIE = { name: 'medicalink_refresh', path: '/auth' } as const;

/**
 * The header the console sends with every cookie-carrying auth call (value `1`). A cross-site
 * form cannot send a custom header, and a cross-site script cannot without a CORS preflight
 * the gateway never grants, so the cookie is refused without it (CSRF).
 */
export const CONSOLE_HEADER = 'x-medicalink-console';

/**
 * How a login asks for a refresh token: none (API clients, as before), in the reply
 * (`token`: the SDK, the CLI) or in the console's cookie (`cookie`).
 */
export const RefreshDelivery = z.enum(['token', 'cookie'], {
  message: 'must be "token" or "cookie"',
});
export type RefreshDelivery = z.infer<typeof RefreshDelivery>;

/** POST /auth/login. The password is not checked against the creation policy here: any wrong one is a 401. */
export const LoginBody = z
  .object({
    email: Email,
    password: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
    /** also start a sign-in that /auth/refresh renews, its token delivered this way */
    refresh: RefreshDelivery.optional(),
    /** with `refresh`: renewable for weeks instead of a working day */
    remember: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.remember === undefined || body.refresh !== undefined, {
    message: 'is only accepted with refresh',
    path: ['remember'],
  });
export type LoginBody = z.infer<typeof LoginBody>;

export const LoginResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** seconds until the token expires */
  expiresIn: z.number().int().positive(),
  /** only when asked with `refresh: "token"` (never for the cookie: scripts must not see it) */
  refreshToken: z.string().optional(),
  /** when the sign-in ends however often it is renewed; with `refresh` only */
  refreshTokenExpiresAt: Timestamp.optional(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** POST /auth/refresh: the token in the body (API clients), or none and the console's cookie. */
export const RefreshBody = z.object({ refreshToken: PresentedRefreshToken.optional() }).strict();
export type RefreshBody = z.infer<typeof RefreshBody>;

/** POST /auth/refresh and /auth/logout read this header (the console's cookie calls). */
export const ConsoleHeaders = z.object({
  [CONSOLE_HEADER]: z
    .literal('1')
    .optional()
    .describe('`1` from the web console: required when the refresh token comes from the cookie'),
});

/** What the gateway's access tokens claim (API.md, "Conventions"). Times are seconds since the epoch. */
export const JwtClaims = z.object({
  sub: Uuid,
  email: z.string().min(1),
  privilege: Privilege,
  /** organization id, when the account belongs to one */
  org: Uuid.optional(),
  /** optional (API.md does not require it); the gateway's own tokens always carry it */
  iat: z.number().int().nonnegative().optional(),
  /** the account's token version at issue; a token without one counts as version 0 */
  ver: z.number().int().nonnegative().optional(),
  exp: z.number().int().positive(),
});
export type JwtClaims = z.infer<typeof JwtClaims>;

/** POST /auth/password */
export const ChangePasswordBody = z
  .object({
    currentPassword: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
    newPassword: Password,
  })
  .strict();
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;
