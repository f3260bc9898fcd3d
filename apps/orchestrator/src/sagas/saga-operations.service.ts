import { Injectable } from '@nestjs/common';
import {
  paginationMetadata,
  type ListSagasQuery,
  type PaginatedResponse,
  type RetrySagaResponse,
  type SagaListItem,
} from '@medicalink/contracts';
import { SagaEngine, type SagaRecord } from '@medicalink/saga';
import { toSagaView } from './saga-view';
import { sagaKeyTaken, sagaNotFound, sagaNotRetryable } from './sagas.errors';

/** Operators' view of every saga, and their way to resume a compensation that failed. */
@Injectable()
export class SagaOperationsService {
  constructor(private readonly engine: SagaEngine) {}

  async list(query: ListSagasQuery): Promise<PaginatedResponse<SagaListItem>> {
    const { sagas, total } = await this.engine.list({
      ...(query.state ? { state: query.state } : {}),
      ...(query.type ? { type: query.type } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
      offset: (query.page - 1) * query.limit,
      limit: query.limit,
    });
    return {
      data: sagas.map(toListItem),
      meta: paginationMetadata(query.page, query.limit, total),
    };
  }

  async retry(id: string, by: string): Promise<RetrySagaResponse> {
    const result = await this.engine.retryCompensation(id, by);
    if (result === 'not_found') throw sagaNotFound(id);
    if (result === 'conflict') throw sagaKeyTaken(id);
    const saga = await this.engine.get(id);
    if (!saga) throw sagaNotFound(id);
    if (result === 'not_failed') throw sagaNotRetryable(id, saga.state);
    const retry = saga.operatorRetries?.at(-1);
    return {
      sagaId: id,
      state: 'compensating',
      retriedBy: by,
      retriedAt: retry?.at ?? new Date().toISOString(),
    };
  }
}

function toListItem(saga: SagaRecord): SagaListItem {
  return {
    ...toSagaView(saga),
    nextAttemptAt: saga.nextAttemptAt ?? null,
    deferrals: saga.deferrals ?? 0,
    operatorRetries: saga.operatorRetries ?? [],
  };
}
