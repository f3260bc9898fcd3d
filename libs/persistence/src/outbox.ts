import type { Kysely, Transaction } from 'kysely';
import type { EventContract, EventPayloadInput } from '@medicalink/contracts';
import { currentContext, currentTraceparent, newCorrelationId } from '@medicalink/observability';
import type { PersistenceTables } from './tables';

export class Outbox {
  /**
   * Records an event to be published by the OutboxRelay. Call it with the transaction
   * that makes the domain change, so the event exists if and only if the change does.
   * Returns the row id, which becomes the message id consumers de-duplicate on.
   */
  static async add<DB extends PersistenceTables, C extends EventContract>(
    db: Kysely<DB> | Transaction<DB>,
    contract: C,
    payload: EventPayloadInput<C>,
  ): Promise<string> {
    const parsed: unknown = contract.payload.parse(payload);
    const context = currentContext();
    const row = await (db as unknown as Kysely<PersistenceTables>)
      .insertInto('outbox')
      .values({
        event_name: contract.name,
        payload: JSON.stringify(parsed),
        // Fixed now, so every (re)publication of this row carries the same correlation id.
        correlation_id: context?.correlationId ?? newCorrelationId(),
        causation_id: context?.messageId ?? null,
        traceparent: currentTraceparent() ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}
