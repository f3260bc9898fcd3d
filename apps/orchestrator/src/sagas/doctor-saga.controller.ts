import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import {
  doctorSagaRpc,
  sagaRpc,
  type RpcRequestParsed,
  type SagaView,
} from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import {
  nameBasedUuid,
  SagaEngine,
  type SagaDefinition,
  type SagaOutcome,
  type SagaRecord,
} from '@medicalink/saga';
import type { DoctorCreationInput } from './doctor-creation.saga';
import { DOCTOR_CREATION_SAGA } from './saga-engine.provider';

@Controller()
export class DoctorSagaController {
  constructor(
    private readonly engine: SagaEngine,
    @Inject(DOCTOR_CREATION_SAGA)
    private readonly doctorCreation: SagaDefinition<DoctorCreationInput>,
  ) {}

  /**
   * The saga and the ids it creates are named after the request (its idempotency key, else its
   * message id), so a request the broker redelivers, say after this process died mid-saga,
   * joins the saga it started and answers its outcome instead of starting another one.
   */
  @RpcHandler(doctorSagaRpc.create)
  async create(command: RpcRequestParsed<typeof doctorSagaRpc.create>, ctx: AmqpMessageContext) {
    const request = ctx.idempotencyKey ?? ctx.messageId ?? randomUUID();
    const sagaId = nameBasedUuid(`${this.doctorCreation.type}:${request}`);
    const input = {
      ...command,
      accountId: nameBasedUuid(`${sagaId}:account`),
      doctorId: nameBasedUuid(`${sagaId}:doctor`),
    };
    const outcome = await this.engine.start(this.doctorCreation, input, { sagaId });
    if (outcome.state !== 'completed') throw sagaFailure(outcome);
    return { sagaId: outcome.sagaId, accountId: input.accountId, doctorId: input.doctorId };
  }

  @RpcHandler(sagaRpc.get)
  async get({ id }: RpcRequestParsed<typeof sagaRpc.get>): Promise<SagaView> {
    const saga = await this.engine.get(id);
    if (!saga) throw new DomainError('SAGA_NOT_FOUND', `Saga ${id} not found`, 404, { id });
    return toSagaView(saga);
  }
}

/**
 * Seed 003's failure reply: the root cause's code and message, and which saga,
 * step and end state. A participant's 5xx means it was unavailable: 503.
 */
function sagaFailure(outcome: SagaOutcome): DomainError {
  const cause = outcome.failure?.error;
  const saga = {
    sagaId: outcome.sagaId,
    step: outcome.failure?.step ?? null,
    state: outcome.state,
  };
  return new DomainError(
    cause?.code ?? 'SAGA_FAILED',
    cause?.message ?? 'The saga did not complete',
    !cause || cause.status >= 500 ? 503 : cause.status,
    { ...cause?.details, saga },
  );
}

function toSagaView(saga: SagaRecord): SagaView {
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
