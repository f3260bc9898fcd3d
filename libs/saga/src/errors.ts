import { DomainError } from '@medicalink/errors';

/** start() found a live saga of the same type with the same business key. */
export class SagaConflictError extends DomainError {
  constructor(readonly sagaType: string) {
    super(
      'SAGA_ALREADY_RUNNING',
      `A ${sagaType} saga is already in progress for the same business key`,
      409,
      { sagaType },
    );
    this.name = 'SagaConflictError';
  }
}

/**
 * This instance stopped driving the saga before an end state: it lost the lease or could
 * not write the journal. The saga is not lost: whoever holds (or next claims) the lease
 * drives it to an end; `get(sagaId)` tells the outcome.
 */
export class SagaInterruptedError extends DomainError {
  constructor(
    readonly sagaId: string,
    reason: string,
    cause?: unknown,
  ) {
    super('SAGA_INTERRUPTED', `Saga ${sagaId} interrupted: ${reason}`, 503, { sagaId });
    this.withContext({ saga: { sagaId } });
    this.name = 'SagaInterruptedError';
    if (cause !== undefined) this.cause = cause;
  }
}

/** One attempt of a step or compensation outlived its timeout; it may still have taken effect. */
export class StepTimeoutError extends DomainError {
  constructor(step: string, timeoutMs: number) {
    super(
      'SAGA_STEP_TIMEOUT',
      `Step ${step} timed out after ${timeoutMs} ms`,
      504,
      { timeoutMs },
      true,
    );
    this.name = 'StepTimeoutError';
  }
}

/** The journal already holds a saga with this id (start() was given the id of an earlier start). */
export class SagaExistsError extends Error {
  constructor(readonly sagaId: string) {
    super(`Saga ${sagaId} already exists`);
    this.name = 'SagaExistsError';
  }
}

/**
 * A repeated start() joined its saga, which did not end before the caller's deadline. The saga
 * goes on; `context.saga` says which one, and `get(sagaId)` tells the outcome later.
 */
export class SagaPendingError extends DomainError {
  constructor(sagaId: string, state: string) {
    super(
      'SAGA_PENDING',
      `Saga ${sagaId} is still ${state}; its journal tells the outcome once it ends`,
      503,
      undefined,
      true,
    );
    this.name = 'SagaPendingError';
    this.withContext({ saga: { sagaId, step: null, state } });
  }
}

/**
 * Compensation met an outage (see isOutage) and was handed back to the journal: the saga stays
 * `compensating` and recovery resumes it at `retryAt`, on whichever instance is up then.
 */
export class SagaCompensationDeferredError extends SagaPendingError {
  constructor(
    sagaId: string,
    readonly retryAt: Date,
  ) {
    super(sagaId, 'compensating');
    this.name = 'SagaCompensationDeferredError';
  }
}
