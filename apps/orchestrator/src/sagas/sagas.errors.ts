import { SagaOperationsErrorCode } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';

export const sagaNotFound = (id: string) =>
  new DomainError(SagaOperationsErrorCode.NotFound, `Saga ${id} not found`, 404, { id });

export const sagaNotRetryable = (id: string, state: string) =>
  new DomainError(
    SagaOperationsErrorCode.NotRetryable,
    `Saga ${id} is ${state}: only a compensation_failed saga can be retried`,
    409,
    { id, state },
  );

export const sagaKeyTaken = (id: string) =>
  new DomainError(
    SagaOperationsErrorCode.AlreadyRunning,
    `Saga ${id} cannot resume: another saga of its type is in progress for the same business key`,
    409,
    { id },
  );
