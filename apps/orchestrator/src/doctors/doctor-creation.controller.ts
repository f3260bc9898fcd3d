import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { doctorSagaRpc, type RpcRequestParsed } from '@medicalink/contracts';
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
   * saga keeps the hash of the command: a start that joins a saga of another command (its key
   * repeated with another body) is refused (422) from the record the join reads anyway.
   */
  @RpcHandler(doctorSagaRpc.create)
  async create(command: RpcRequestParsed<typeof doctorSagaRpc.create>, ctx: AmqpMessageContext) {
    const doctorCreation = this.definitions.get('doctorCreation');
    const request = ctx.idempotencyKey ?? ctx.messageId ?? randomUUID();
    const sagaId = nameBasedUuid(`${doctorCreation.type}:${request}`);
    const requestHash = idempotencyRequestHash(command);
    const input: DoctorCreationInput = {
      ...command,
      accountId: nameBasedUuid(`${sagaId}:account`),
      doctorId: nameBasedUuid(`${sagaId}:doctor`),
      requestHash,
    };
    const outcome = await this.engine.start(doctorCreation, input, {
      sagaId,
      sameRequest: (journaled) => sameCommand(journaled, requestHash),
    });
    if (outcome.state !== 'completed') throw sagaFailure(outcome);
    return { sagaId: outcome.sagaId, accountId: input.accountId, doctorId: input.doctorId };
  }
}

/** Sagas started before commands were hashed carry no hash: not compared. */
function sameCommand(journaled: unknown, requestHash: string): boolean {
  const journaledHash = (journaled as Partial<DoctorCreationInput> | null)?.requestHash;
  return journaledHash === undefined || journaledHash === requestHash;
}
