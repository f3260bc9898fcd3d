import type { Privilege } from '@medicalink/sdk';

/** What the console reads from an access token: who, with which privilege, until when. */
export interface AccessClaims {
  accountId: string;
  email: string;
  privilege: Privilege;
  /** epoch ms */
  expiresAt: number;
  /** epoch ms, when the token says when it was issued */
  issuedAt?: number;
}

const PRIVILEGES: readonly Privilege[] = ['owner', 'admin', 'main'];

/**
 * The token's payload, read without verifying it: the gateway verifies every request; the
 * console only needs to know which pages to offer and when to renew. Undefined when the token
 * is not a JWT with the claims the gateway issues.
 */
export function readClaims(token: string): AccessClaims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(json) as Record<string, unknown>;
    const { sub, email, privilege, exp, iat } = claims;
    if (typeof sub !== 'string' || typeof exp !== 'number') return undefined;
    if (!PRIVILEGES.includes(privilege as Privilege)) return undefined;
    return {
      accountId: sub,
      email: typeof email === 'string' ? email : '',
      privilege: privilege as Privilege,
      expiresAt: exp * 1_000,
      ...(typeof iat === 'number' ? { issuedAt: iat * 1_000 } : {}),
    };
  } catch {
    return undefined;
  }
}
