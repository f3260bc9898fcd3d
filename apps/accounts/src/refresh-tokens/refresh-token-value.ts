import { createHash, randomBytes } from 'node:crypto';

/** Marks the value as a MedicaLink refresh token for secret scanners and for people. */
const PREFIX = 'mlrt_';

/** A new refresh token: 256 random bits, base64url, behind the prefix. */
export function newRefreshToken(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * What is stored instead of the token. A plain SHA-256 suffices: the token is 256 random bits,
 * so unlike a password there is nothing to guess that a slow hash would protect.
 */
export function refreshTokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
