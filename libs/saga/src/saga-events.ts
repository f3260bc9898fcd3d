import {
  sagaCompensated,
  sagaCompensationFailed,
  sagaCompensationRetried,
  sagaCompleted,
  sagaStarted,
  sagaStepFailed,
  sagaStepSucceeded,
  type EventContract,
  type EventPayloadInput,
} from '@medicalink/contracts';
import { currentContext, newCorrelationId } from '@medicalink/observability';
import type { SagaEventRecord } from './journal';

function record<C extends EventContract>(
  contract: C,
  payload: EventPayloadInput<C>,
): SagaEventRecord {
  const context = currentContext();
  return {
    name: contract.name,
    payload: contract.payload.parse(payload),
    correlationId: context?.correlationId ?? newCorrelationId(),
    causationId: context?.messageId ?? null,
  };
}

/** Builds the events of one saga's transitions (libs/contracts saga.events), validated. */
export class SagaEvents {
  constructor(
    private readonly sagaId: string,
    private readonly type: string,
  ) {}

  started(): SagaEventRecord {
    return record(sagaStarted, this.ref());
  }

  stepSucceeded(step: string, attempt: number): SagaEventRecord {
    return record(sagaStepSucceeded, { ...this.ref(), step, attempt: Math.max(1, attempt) });
  }

  stepFailed(
    step: string,
    attempt: number,
    error: { code: string; message: string; status: number; retryable: boolean },
  ): SagaEventRecord {
    const { code, message, status, retryable } = error;
    return record(sagaStepFailed, {
      ...this.ref(),
      step,
      attempt: Math.max(1, attempt),
      error: { code, message, status, retryable },
    });
  }

  completed(): SagaEventRecord {
    return record(sagaCompleted, this.ref());
  }

  compensated(failedStep: string): SagaEventRecord {
    return record(sagaCompensated, { ...this.ref(), failedStep });
  }

  compensationFailed(failedStep: string, uncompensatedSteps: string[]): SagaEventRecord {
    return record(sagaCompensationFailed, { ...this.ref(), failedStep, uncompensatedSteps });
  }

  /** `by`: the operator's account id */
  compensationRetried(by: string): SagaEventRecord {
    return record(sagaCompensationRetried, { ...this.ref(), by });
  }

  private ref() {
    return { sagaId: this.sagaId, type: this.type, occurredAt: new Date().toISOString() };
  }
}
