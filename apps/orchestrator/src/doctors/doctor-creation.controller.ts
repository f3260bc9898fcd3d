import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { doctorSagaRpc, type RpcRequestParsed } from '@medicalink/contracts';
import { RpcHandler, type AmqpMessageContext } from '@medicalink/messaging';
import { nameBasedUuid, SagaEngine } from '@medicalink/saga';
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
   * joins the saga it started and answers its outcome instead of starting another one.
   */
  @RpcHandler(doctorSagaRpc.create)
  async create(command: RpcRequestParsed<typeof doctorSagaRpc.create>, ctx: AmqpMessageContext) {
    const doctorCreation = this.definitions.get('doctorCreation');
    const request = ctx.idempotencyKey ?? ctx.messageId ?? randomUUID();
    const sagaId = nameBasedUuid(`${doctorCreation.type}:${request}`);
    const input = {
      ...command,
      accountId: nameBasedUuid(`${sagaId}:account`),
      doctorId: nameBasedUuid(`${sagaId}:doctor`),
    };
    const outcome = await this.engine.start(doctorCreation, input, { sagaId });
    if (outcome.state !== 'completed') throw sagaFailure(outcome);
    return { sagaId: outcome.sagaId, accountId: input.accountId, doctorId: input.doctorId };
  }
}
