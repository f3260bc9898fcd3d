import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { doctorSagaRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { idempotencyRequestHash } from '@medicalink/persistence';
import { nameBasedUuid, SagaEngine } from '@medicalink/saga';
import type { DoctorCreationInput } from './doctor-creation.saga';
import { SagaDefinitions } from '../sagas/saga-definitions';
import { sagaFailure } from '../sagas/saga-failure';

@Controller()
export class DoctorCreationController {
  constructor(
    private readonly engine: SagaEngine,
    private readonly definitions: SagaDefinitions,
  ) {}

  /**
   * The saga and the ids it creates are named after the request (its idempotency key, else its
   * message id), so a request the broker redelivers, say after this process died mid-saga,
   * joins the saga it started and answers its outcome instead of starting another one. The
   * saga keeps the hash of the command: a key repeated with another command is refused (422).
   */
  @RpcHandler(doctorSagaRpc.create)
  async create(command: RpcRequestParsed<typeof doctorSagaRpc.create>, ctx: AmqpMessageContext) {
    const doctorCreation = this.definitions.get('doctorCreation');
    const request = ctx.idempotencyKey ?? ctx.messageId ?? randomUUID();
    const sagaId = nameBasedUuid(`${doctorCreation.type}:${request}`);
    const input: DoctorCreationInput = {
      ...command,
      accountId: nameBasedUuid(`${sagaId}:account`),
      doctorId: nameBasedUuid(`${sagaId}:doctor`),
      requestHash: idempotencyRequestHash(command),
    };
    const outcome = await this.engine.start(doctorCreation, input, { sagaId });
    // The engine joins a saga of the same id and email; the rest of the command must match too.
    if (ctx.idempotencyKey) await this.requireSameCommand(sagaId, input.requestHash);
    if (outcome.state !== 'completed') throw sagaFailure(outcome);
    return { sagaId: outcome.sagaId, accountId: input.accountId, doctorId: input.doctorId };
  }

  private async requireSameCommand(sagaId: string, requestHash: string | undefined) {
    const journaled = (await this.engine.get(sagaId))?.input as
      Partial<DoctorCreationInput> | undefined;
    // sagas started before commands were hashed carry none: not compared
    if (journaled?.requestHash !== undefined && journaled.requestHash !== requestHash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different doctor creation request',
        422,
      );
    }
  }
}
