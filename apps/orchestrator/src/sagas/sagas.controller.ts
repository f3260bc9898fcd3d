import { Controller } from '@nestjs/common';
import {
  sagaOperationsRpc,
  sagaRpc,
  type RpcRequestParsed,
  type SagaView,
} from '@medicalink/contracts';
import { RpcHandler } from '@medicalink/messaging';
import { SagaEngine } from '@medicalink/saga';
import { SagaOperationsService } from './saga-operations.service';
import { toSagaView } from './saga-view';
import { sagaNotFound } from './sagas.errors';

/** Reads of any saga, whatever its type, and the operators' retry. */
@Controller()
export class SagasController {
  constructor(
    private readonly engine: SagaEngine,
    private readonly operations: SagaOperationsService,
  ) {}

  @RpcHandler(sagaRpc.get)
  async get({ id }: RpcRequestParsed<typeof sagaRpc.get>): Promise<SagaView> {
    const saga = await this.engine.get(id);
    if (!saga) throw sagaNotFound(id);
    return toSagaView(saga);
  }

  @RpcHandler(sagaOperationsRpc.list)
  list(query: RpcRequestParsed<typeof sagaOperationsRpc.list>) {
    return this.operations.list(query);
  }

  @RpcHandler(sagaOperationsRpc.retry)
  retry({ id, by }: RpcRequestParsed<typeof sagaOperationsRpc.retry>) {
    return this.operations.retry(id, by);
  }
}
