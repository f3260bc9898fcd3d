/** The part of an error envelope (or of any error report) that masking looks at. */
export interface ReportedError {
  code: string;
  message: string;
  status: number;
  details?: Record<string, unknown>;
}

/** What callers read instead of the message of a failure of the service itself (5xx). */
export const INTERNAL_ERROR_MESSAGES = {
  502: 'A service the operation needed answered with an invalid reply',
  503: 'A service the operation needed was unavailable',
  504: 'A service the operation needed did not answer in time',
  default: 'The operation failed inside a service; its logs hold the details',
} as const;

/** A refusal (4xx) explains itself to the caller; a 5xx is the service's own failure. */
export function isInternalError(error: Pick<ReportedError, 'status'>): boolean {
  return error.status >= 500;
}

export function internalErrorMessage(status: number): string {
  return status === 502 || status === 503 || status === 504
    ? INTERNAL_ERROR_MESSAGES[status]
    : INTERNAL_ERROR_MESSAGES.default;
}

/**
 * An error as it may be stored where callers read it (a journal, a session, a reply): a
 * refusal (4xx) unchanged; a 5xx keeps its code, status and everything else but gets a generic
 * message for its status and loses its details, since both carry whatever broke inside (a SQL
 * error naming a table, a host and port, a stack line). Log the original before masking it:
 * the logs are where it stays. Masking twice changes nothing.
 */
export function maskInternalError<T extends ReportedError>(error: T): T {
  if (!isInternalError(error)) return error;
  const { details: _details, ...rest } = error;
  return { ...rest, message: internalErrorMessage(error.status) } as T;
}
