import { DomainError } from '@medicalink/errors';
import type { SagaOutcome } from '@medicalink/saga';
import { publicError } from './public-error';

/**
 * Seed 003's failure reply for any saga: the root cause's code and message, and, as context
 * the caller sees whatever the status, which saga, step and end state. A participant's 5xx
 * means it was unavailable: 503, without its raw message (publicError; the logs keep it).
 */
export function sagaFailure(outcome: SagaOutcome): DomainError {
  const failure = outcome.failure?.error;
  const cause = failure ? publicError(failure) : undefined;
  const saga = {
    sagaId: outcome.sagaId,
    step: outcome.failure?.step ?? null,
    state: outcome.state,
  };
  return new DomainError(
    cause?.code ?? 'SAGA_FAILED',
    cause?.message ?? 'The saga did not complete',
    !cause || cause.status >= 500 ? 503 : cause.status,
    cause?.details,
  ).withContext({ saga });
}
