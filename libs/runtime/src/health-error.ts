/**
 * What a health report says about a failed check: a code, never the error's text, which can
 * carry hosts, ports, user names or SQL (health answers anyone).
 */
export function healthErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
  if (error instanceof Error && /timed? ?out|no answer within/i.test(error.message))
    return 'TIMEOUT';
  return 'UNAVAILABLE';
}
