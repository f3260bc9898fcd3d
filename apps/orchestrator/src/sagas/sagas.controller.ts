import { Controller } from '@nestjs/common';
import { sagaRpc, type RpcRequestParsed, type SagaView } from '@medicalink/contracts';
import { DomainError } from '@medicalink/errors';
import { RpcHandler } from '@medicalink/messaging';
import { SagaEngine } from '@medicalink/saga';
import { toSagaView } from './saga-view';

/** Reads of any saga, whatever its type. */
@Controller()
export class SagasController {
  constructor(private readonly engine: SagaEngine) {}

  @RpcHandler(sagaRpc.get)
  async get({ id }: RpcRequestParsed<typeof sagaRpc.get>): Promise<SagaView> {
    const saga = await this.engine.get(id);
    if (!saga) throw new DomainError('SAGA_NOT_FOUND', `Saga ${id} not found`, 404, { id });
    return toSagaView(saga);
  }
}
