import { DomainError } from '@medicalink/messaging';

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
