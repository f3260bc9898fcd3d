/**
 * The wait before retry number `retry` (1 for the first retry): `baseMs * 2^(retry-1)`, capped
 * at `maxMs`, with "equal jitter": half of it fixed, the other half random, so clients that
 * failed together do not all come back at the same instant, yet none retries at once.
 */
export function backoffDelay(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * `Retry-After` in milliseconds (RFC 9110: delay-seconds or an HTTP-date); undefined when the
 * header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Statuses worth another try: a timeout, throttling, or the server side failing. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
