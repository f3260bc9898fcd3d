/**
 * What every SDK operation resolves to (the seed's `OperationResult<T>`). Operations never
 * throw for an HTTP or network failure: they resolve with `success: false` and say why.
 */
export type OperationResult<T> = OperationSuccess<T> | OperationFailure;

export interface OperationSuccess<T> {
  success: true;
  data: T;
  error?: undefined;
  /** operation-specific facts: the cache metadata of a read, the steps of a workflow, ... */
  details?: Record<string, unknown>;
  /** milliseconds from start to end, retries included */
  duration: number;
  serviceErrors?: undefined;
  /** the HTTP status of the (last) response */
  status?: number;
}

export interface OperationFailure {
  success: false;
  data?: undefined;
  /** one readable sentence: the gateway's message, or what went wrong on the way to it */
  error: string;
  /**
   * The gateway's `details` (which saga, which step, which session) and, for workflows, which
   * step failed (`failedStep`) with that step's own result; plus `errors` (the gateway's
   * per-field validation messages), `operationId` and `code` when there are any, and
   * `retryAfterMs` when the gateway said how long to wait (a 429's Retry-After).
   */
  details?: Record<string, unknown>;
  duration: number;
  /** per service (or workflow step) what failed, from the error body and its details */
  serviceErrors?: Record<string, string>;
  /** HTTP status; absent when no response came (network error, timeout, disposed) */
  status?: number;
  /** a machine-readable reason: `HTTP_ERROR`, `NETWORK_ERROR`, `TIMEOUT`, `ABORTED`, `DISPOSED`, ... */
  code: FailureCode;
}

export type FailureCode =
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'DISPOSED'
  | 'INVALID_RESPONSE'
  | 'NOT_AUTHENTICATED'
  | 'STEP_FAILED';

/** A failure without its duration: the operation runner stamps that at the end. */
export type Failure = Omit<OperationFailure, 'duration'>;

export function failure(
  code: FailureCode,
  error: string,
  extra: Partial<Omit<Failure, 'success' | 'code' | 'error'>> = {},
): Failure {
  return { success: false, code, error, ...extra };
}
