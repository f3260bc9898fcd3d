import { TransportErrorCode, type ErrorEnvelope } from '@medicalink/contracts';

/** Codes that say "the participant or the way to it is down", whatever the status. */
const OUTAGE_CODES: ReadonlySet<string> = new Set([
  TransportErrorCode.ServiceUnavailable,
  TransportErrorCode.Timeout,
  TransportErrorCode.CircuitOpen,
  'CONNECTION_LOST',
  'DATABASE_UNAVAILABLE',
  'DATABASE_CONNECTION_LOST',
  'SAGA_STEP_TIMEOUT',
]);

/**
 * Whether a failure means the participant could not be reached or could not serve (an
 * outage that ends by itself), as opposed to an answer: a compensation failing this way is
 * waited out for the compensation budget. Any retryable 503/504 counts too.
 */
export function isOutage(error: ErrorEnvelope): boolean {
  if (!error.retryable) return false;
  return OUTAGE_CODES.has(error.code) || error.status === 503 || error.status === 504;
}

/** The open circuit refused the call: it never reached the participant, so no attempt is spent. */
export function isCircuitRefusal(error: ErrorEnvelope): boolean {
  return error.code === TransportErrorCode.CircuitOpen;
}
