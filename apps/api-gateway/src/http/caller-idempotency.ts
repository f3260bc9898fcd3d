import type { JwtClaims } from '@medicalink/contracts';

/**
 * The RPC option carrying a caller's `Idempotency-Key`, scoped to the caller
 * (`<accountId>:<key>`): two callers' keys never meet, so nobody gets another's reply by
 * guessing a key, and no caller can name a key the system uses itself (`session:<id>:commit`).
 * The service that runs the command binds the key to the request's content (422 when reused).
 */
export function callerIdempotency(
  caller: Pick<JwtClaims, 'sub'>,
  key: string | undefined,
): { idempotencyKey?: string } {
  return key ? { idempotencyKey: `${caller.sub}:${key}` } : {};
}
