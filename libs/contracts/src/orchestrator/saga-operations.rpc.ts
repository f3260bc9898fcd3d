import { z } from 'zod';
import { defineRpc } from '../common/define';
import { Timestamp, Uuid } from '../common/fields';
import {
  optionalFilter as optional,
  PaginatedResponse,
  PaginationQuery,
} from '../common/pagination';
import { SagaStateName, SagaView } from './doctor-saga.rpc';

/** GET /sagas: filters (created in [from, to)), newest first, paginated. */
export const ListSagasQuery = PaginationQuery.extend({
  state: optional(SagaStateName),
  type: optional(z.string().trim().min(1).max(100)),
  from: optional(Timestamp),
  to: optional(Timestamp),
})
  .strict()
  .refine((query) => !query.from || !query.to || Date.parse(query.from) <= Date.parse(query.to), {
    message: 'must not be before from',
    path: ['to'],
  });
export type ListSagasQuery = z.infer<typeof ListSagasQuery>;

export const OperatorRetry = z.object({ by: z.string(), at: Timestamp });

/** A saga as GET /sagas lists it: the view, plus how its compensation is being waited out or retried. */
export const SagaListItem = SagaView.extend({
  /** when recovery tries a compensation waiting out an outage next */
  nextAttemptAt: Timestamp.nullable(),
  /** how many times that compensation was put off (since it began or was last retried) */
  deferrals: z.number().int().min(0),
  /** operators who resumed its compensation (POST /sagas/:id/retry), oldest first */
  operatorRetries: z.array(OperatorRetry),
});
export type SagaListItem = z.infer<typeof SagaListItem>;

export const RetrySagaResponse = z.object({
  sagaId: Uuid,
  state: z.literal('compensating'),
  retriedBy: z.string(),
  retriedAt: Timestamp,
});
export type RetrySagaResponse = z.infer<typeof RetrySagaResponse>;

export const SagaOperationsErrorCode = {
  NotFound: 'SAGA_NOT_FOUND',
  NotRetryable: 'SAGA_NOT_COMPENSATION_FAILED',
  AlreadyRunning: 'SAGA_ALREADY_RUNNING',
} as const;

export const sagaOperationsRpc = {
  list: defineRpc('orchestrator.saga.list', {
    request: ListSagasQuery,
    response: PaginatedResponse(SagaListItem),
  }),
  /** `by`: the operator's account id, journaled with the time */
  retry: defineRpc('orchestrator.saga.retry', {
    request: z.object({ id: Uuid, by: z.string().min(1).max(200) }).strict(),
    response: RetrySagaResponse,
  }),
};
