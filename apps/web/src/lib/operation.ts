import type { OperationFailure, OperationResult } from '@medicalink/sdk';

/**
 * A failed SDK operation as an Error, so TanStack Query's `error` carries it: the message is
 * the gateway's, and `failure` keeps the status, field errors and details for the page.
 */
export class OperationError extends Error {
  constructor(readonly failure: OperationFailure) {
    super(failure.error);
    this.name = 'OperationError';
  }

  get status(): number | undefined {
    return this.failure.status;
  }
}

/** The data of a successful operation; throws an OperationError for a failed one. */
export async function unwrap<T>(pending: Promise<OperationResult<T>>): Promise<T> {
  const result = await pending;
  if (!result.success) throw new OperationError(result);
  return result.data;
}

/** The failure behind an error thrown by `unwrap`, if that is what it is. */
export function failureOf(error: unknown): OperationFailure | undefined {
  return error instanceof OperationError ? error.failure : undefined;
}
