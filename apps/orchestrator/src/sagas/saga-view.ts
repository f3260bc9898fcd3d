import type { SagaView } from '@medicalink/contracts';
import type { SagaRecord } from '@medicalink/saga';
import { publicError } from './public-error';

/** A journaled saga as GET /sagas/:id shows it: step errors without internals (publicError). */
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
      ...(step.error ? { error: publicError(step.error) } : {}),
    })),
    createdAt: saga.createdAt,
    updatedAt: saga.updatedAt,
  };
}
