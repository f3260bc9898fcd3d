import type { ErrorEnvelope } from '@medicalink/contracts';
import { maskInternalError } from '@medicalink/errors';

/**
 * A participant's error as HTTP callers may see it: code, status and retryable always; the
 * message and details of a refusal (4xx) only, since a 5xx's message is whatever broke inside
 * (a PostgreSQL error text, hosts, ports; maskInternalError), and `details.reason` explains
 * internals. The journal already holds 5xx errors masked; sagas journaled before that are
 * masked here.
 */
export function publicError(error: ErrorEnvelope): ErrorEnvelope {
  const { code, message, status, details, retryable } = maskInternalError(error);
  return {
    code,
    message,
    status,
    ...(details ? { details: withoutReason(details) } : {}),
    retryable,
  };
}

function withoutReason(details: Record<string, unknown>): Record<string, unknown> {
  const { reason: _reason, ...rest } = details;
  return rest;
}
