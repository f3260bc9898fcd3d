import type { ColumnType, Generated } from 'kysely';

export interface OutboxTable {
  id: Generated<string>;
  /** bigserial: `pg` returns int8 as a string */
  seq: ColumnType<string, never, never>;
  event_name: string;
  /** validated event payload; written as JSON text */
  payload: ColumnType<unknown, string, string>;
  correlation_id: string | null;
  causation_id: string | null;
  /** W3C traceparent of the span that wrote the row (NULL: none, or written before tracing) */
  traceparent: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  published_at: Date | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface ProcessedMessagesTable {
  consumer: string;
  message_id: string;
  processed_at: ColumnType<Date, never, never>;
}

export interface IdempotencyKeysTable {
  command: string;
  key: string;
  request_hash: string;
  /** the reply, as JSON; NULL only inside the transaction that is producing it */
  response: ColumnType<unknown, string | null, string | null>;
  created_at: ColumnType<Date, never, never>;
}

export interface RedeliveredMessagesTable {
  consumer: string;
  message_key: string;
  redeliveries: number;
  last_at: ColumnType<Date, never, Date>;
}

/** The tables `persistenceMigrations` creates; an app's DB interface extends this. */
export interface PersistenceTables {
  outbox: OutboxTable;
  processed_messages: ProcessedMessagesTable;
  idempotency_keys: IdempotencyKeysTable;
  redelivered_messages: RedeliveredMessagesTable;
}
