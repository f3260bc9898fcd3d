import { z } from 'zod';
import { Privilege } from '../accounts/account.rpc';
import { Email, Password, Uuid } from '../common/fields';

/** POST /auth/login. The password is not checked against the creation policy here: any wrong one is a 401. */
export const LoginBody = z
  .object({
    email: Email,
    password: z.string().min(1, 'is required').max(128, 'must be at most 128 characters'),
  })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const LoginResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** seconds until the token expires */
  expiresIn: z.number().int().positive(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/** What the gateway's access tokens claim. Times are seconds since the epoch. */
export const JwtClaims = z.object({
  sub: Uuid,
  email: z.string().min(1),
  privilege: Privilege,
  /** organization id, when the account belongs to one */
  org: Uuid.optional(),
  /** optional (tokens of other issuers may lack it); the gateway's own tokens always carry it */
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
