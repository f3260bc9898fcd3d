import { Injectable } from '@nestjs/common';
import { sagaOperationsRpc, type ListSagasQuery } from '@medicalink/contracts';
import { RpcClient } from '@medicalink/messaging';

/** Saga operations (admin, main), answered by the orchestrator. */
@Injectable()
export class SagasService {
  constructor(private readonly rpc: RpcClient) {}

  list(query: ListSagasQuery) {
    return this.rpc.call(sagaOperationsRpc.list, query);
  }

  /** Not retried here: a second retry of the same saga would only answer 409. */
  retry(id: string, operatorId: string) {
    return this.rpc.call(sagaOperationsRpc.retry, { id, by: operatorId }, { retries: 0 });
  }
}
