import type { SagaView } from '@medicalink/contracts';
import type { SagaRecord } from '@medicalink/saga';

/** A journaled saga as GET /sagas/:id shows it. */
export function toSagaView(saga: SagaRecord): SagaView {
  return {
    id: saga.id,
    type: saga.type,
    state: saga.state,
    steps: saga.steps.map((step) => ({
      name: step.name,
      state: step.state,
      attempts: step.attempts,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      ...(step.error ? { error: step.error } : {}),
    })),
    createdAt: saga.createdAt,
    updatedAt: saga.updatedAt,
  };
}
