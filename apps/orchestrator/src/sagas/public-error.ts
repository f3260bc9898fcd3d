import type { ErrorEnvelope } from '@medicalink/contracts';

/** What a caller hears of a participant's unexpected failure; the envelope itself goes to the logs. */
export const UNAVAILABLE_MESSAGE = 'A service the operation needed failed or was unavailable';

/**
 * A participant's error as HTTP callers may see it: code, status and retryable always; the
 * message and details of a refusal (4xx) only, since a 5xx's message is whatever broke inside
 * (a PostgreSQL error text, hosts, ports) and `details.reason` explains internals.
 */
export function publicError(error: ErrorEnvelope): ErrorEnvelope {
  const internal = error.status >= 500;
  return {
    code: error.code,
    message: internal ? UNAVAILABLE_MESSAGE : error.message,
    status: error.status,
    ...(!internal && error.details ? { details: withoutReason(error.details) } : {}),
    retryable: error.retryable,
  };
}

function withoutReason(details: Record<string, unknown>): Record<string, unknown> {
  const { reason: _reason, ...rest } = details;
  return rest;
}
