import {
  sql,
  type Kysely,
  type QueryExecutorProvider,
  type RawBuilder,
  type Transaction,
} from 'kysely';
import type { EventContract, EventPayloadInput } from '@medicalink/contracts';
import { currentContext, currentTraceparent, newCorrelationId } from '@medicalink/observability';
import type { PersistenceTables } from './tables';

/** An outbox row as the writing transaction fixes it (the id and seq come from the database). */
interface OutboxRowValues {
  event_name: string;
  /** the validated payload */
  payload: unknown;
  correlation_id: string;
  causation_id: string | null;
  traceparent: string | null;
}

function outboxRow<C extends EventContract>(
  contract: C,
  payload: EventPayloadInput<C>,
): OutboxRowValues {
  const parsed: unknown = contract.payload.parse(payload);
  const context = currentContext();
  return {
    event_name: contract.name,
    payload: parsed,
    // Fixed now, so every (re)publication of this row carries the same correlation id.
    correlation_id: context?.correlationId ?? newCorrelationId(),
    causation_id: context?.messageId ?? null,
    traceparent: currentTraceparent() ?? null,
  };
}

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
    const row = outboxRow(contract, payload);
    const inserted = await (db as unknown as Kysely<PersistenceTables>)
      .insertInto('outbox')
      .values({ ...row, payload: JSON.stringify(row.payload) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  }
}

/**
 * Events a runIdempotent command records: validated and stamped (correlation, causation, trace)
 * when added, inserted into the outbox by the statement that ends the command, in the same
 * transaction as its work, in the order added (after any the work wrote with Outbox.add).
 */
export class OutboxEvents {
  private readonly rows: OutboxRowValues[] = [];

  add<C extends EventContract>(contract: C, payload: EventPayloadInput<C>): void {
    this.rows.push(outboxRow(contract, payload));
  }

  /** A data-modifying CTE body inserting the rows, or null when there are none. */
  insertion(): RawBuilder<unknown> | null {
    if (this.rows.length === 0) return null;
    return sql`INSERT INTO outbox (event_name, payload, correlation_id, causation_id, traceparent)
      SELECT e.item->>'event_name', e.item->'payload', e.item->>'correlation_id',
        e.item->>'causation_id', e.item->>'traceparent'
      FROM jsonb_array_elements(${JSON.stringify(this.rows)}::jsonb) WITH ORDINALITY AS e(item, n)
      ORDER BY e.n`;
  }

  /** Inserts the rows (one statement), if any. */
  async insert(trx: QueryExecutorProvider): Promise<void> {
    const insertion = this.insertion();
    if (insertion) await insertion.execute(trx);
  }
}
