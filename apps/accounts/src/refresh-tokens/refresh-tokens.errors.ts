import { RefreshTokenErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const refreshTokenInvalid = () =>
  new DomainError(RefreshTokenErrorCode.Invalid, 'Invalid refresh token', 401);

export const refreshTokenExpired = (which: 'absolute' | 'idle') =>
  new DomainError(
    RefreshTokenErrorCode.Expired,
    which === 'absolute'
      ? 'Refresh token expired: the sign-in has reached its lifetime; sign in again'
      : 'Refresh token expired: it was not used in time; sign in again',
    401,
    { expiry: which },
  );

export const refreshTokenRevoked = () =>
  new DomainError(RefreshTokenErrorCode.Revoked, 'Refresh token revoked; sign in again', 401);

export const refreshTokenReused = () =>
  new DomainError(
    RefreshTokenErrorCode.Reused,
    'Refresh token already used: every token of this sign-in is revoked; sign in again',
    401,
  );
