import type { ErrorEnvelope } from '@medicalink/contracts';

/** What a caller reads instead of an unexpected failure's own text. */
export const INTERNAL_ERROR_MESSAGE = 'Internal error';
/** What a caller reads for a dependency that is down or slow: try again later. */
export const UNAVAILABLE_MESSAGE = 'A service is unavailable; try again shortly';

/**
 * The error as it may be stored where a caller reads it (a registration's last error, a step's
 * result). A 4xx is a refusal written for the caller and stays whole. A 5xx is a failure whose
 * text and details may name tables, hosts or internal state: its message becomes a generic one
 * and its details go; the code, the status, whether to retry and the context (which operation
 * failed) remain. The caller logs the original.
 */
export function publicError(envelope: ErrorEnvelope): ErrorEnvelope {
  if (envelope.status < 500) return envelope;
  const { details: _details, ...kept } = envelope;
  return {
    ...kept,
    message: envelope.status === 503 ? UNAVAILABLE_MESSAGE : INTERNAL_ERROR_MESSAGE,
  };
}

/** Whether publicError changes this envelope (so the original is worth a log line). */
export function isMasked(envelope: ErrorEnvelope): boolean {
  return envelope.status >= 500;
}
