import { z } from 'zod';
import { defineEvent } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';

/**
 * Seed 003: "each saga emits intermediate events for observability". Written to the
 * orchestrator's outbox in the same statement as the journal write they report, so a console
 * or another service can follow any saga without polling, and never hears of a transition
 * the journal does not hold. The saga's input is never part of them.
 */
const SagaRef = z.object({ sagaId: Uuid, type: z.string(), occurredAt: Timestamp });

const StepError = z.object({
  code: z.string(),
  message: z.string(),
  status: z.number().int(),
  retryable: z.boolean(),
});

export const sagaStarted = defineEvent('saga.started', SagaRef);
export const sagaStepSucceeded = defineEvent(
  'saga.step.succeeded',
  SagaRef.extend({ step: z.string(), attempt: z.number().int().min(1) }),
);
/** a forward step that failed for good (after its retries); compensation follows */
export const sagaStepFailed = defineEvent(
  'saga.step.failed',
  SagaRef.extend({ step: z.string(), attempt: z.number().int().min(1), error: StepError }),
);
export const sagaCompleted = defineEvent('saga.completed', SagaRef);
export const sagaCompensated = defineEvent(
  'saga.compensated',
  SagaRef.extend({ failedStep: z.string() }),
);
/** needs an operator: see POST /sagas/:id/retry */
export const sagaCompensationFailed = defineEvent(
  'saga.compensation_failed',
  SagaRef.extend({ failedStep: z.string(), uncompensatedSteps: z.array(z.string()) }),
);

/**
 * An operator resumed the compensation of a compensation_failed saga (POST /sagas/:id/retry):
 * `by` is the operator's account id. Written with the journal's record of the retry.
 */
export const sagaCompensationRetried = defineEvent(
  'saga.compensation_retried',
  SagaRef.extend({ by: z.string().min(1) }),
);

export const SAGA_EVENTS = [
  sagaStarted,
  sagaStepSucceeded,
  sagaStepFailed,
  sagaCompleted,
  sagaCompensated,
  sagaCompensationFailed,
  sagaCompensationRetried,
] as const;
