import { type ErrorEnvelope, TransportErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { z } from 'zod';

/** An error envelope received from (or produced on behalf of) another service. */
export class RpcError extends Error {
  constructor(readonly envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = 'RpcError';
  }
  get code(): string {
    return this.envelope.code;
  }
  get status(): number {
    return this.envelope.status;
  }
  get retryable(): boolean {
    return this.envelope.retryable;
  }
}

/** Outcomes where the request may or may not have run: retried only with an idempotency key. */
export const AMBIGUOUS_CODES: ReadonlySet<string> = new Set([
  TransportErrorCode.Timeout,
  'CONNECTION_LOST',
  // a service's database connection died during a query, perhaps its COMMIT
  'DATABASE_CONNECTION_LOST',
]);

export function validationEnvelope(error: z.ZodError, what = 'payload'): ErrorEnvelope {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const listed = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return issuesEnvelope(issues, `Invalid ${what}: ${listed}`);
}

/** A validation failure of checks beyond the schema (reference data, say), one issue each. */
export function issuesEnvelope(
  issues: ReadonlyArray<{ path: string; message: string }>,
  message: string,
): ErrorEnvelope {
  return {
    code: TransportErrorCode.ValidationFailed,
    message,
    status: 400,
    details: { issues },
    retryable: false,
  };
}

/** Maps anything a handler throws to the envelope sent back to the caller. */
export function toEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof RpcError) return error.envelope;
  if (error instanceof DomainError) {
    return {
      code: error.code,
      message: error.message,
      status: error.status,
      ...(error.details ? { details: error.details } : {}),
      ...(error.context ? { context: error.context } : {}),
      retryable: error.retryable,
    };
  }
  if (error instanceof z.ZodError) return validationEnvelope(error);
  if (isConnectionFailure(error)) {
    return {
      code: 'DEPENDENCY_UNAVAILABLE',
      message: 'A dependency of the service did not answer',
      status: 503,
      retryable: true,
    };
  }
  // Unexpected errors keep their message (never a stack) for the logs, and are not retried:
  // a bug or data the database refuses fails the same way every time.
  return {
    code: TransportErrorCode.Internal,
    message: error instanceof Error ? error.message : 'Internal error',
    status: 500,
    retryable: false,
  };
}

/** Socket-level failures to reach a dependency (Redis, a broker, a database): worth another try. */
const CONNECTION_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) ||
    error.name === 'MaxRetriesPerRequestError'
  );
}

export function rpcError(
  code: string,
  message: string,
  status: number,
  retryable: boolean,
  details?: Record<string, unknown>,
): RpcError {
  return new RpcError({ code, message, status, retryable, ...(details ? { details } : {}) });
}
