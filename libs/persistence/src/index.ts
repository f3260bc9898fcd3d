export {
  sql,
  type ColumnType,
  type Generated,
  type Insertable,
  type Kysely,
  type Selectable,
  type Transaction,
  type Updateable,
} from 'kysely';
export { createDatabase, type CreateDatabaseOptions } from './create-database';
export { dropDatabase, ensureDatabase, listDatabases } from './database-admin';
export { assertDatabaseName, databaseUrl } from './database-name';
export {
  idempotencyRequestHash,
  runIdempotent,
  SECRET_REQUEST_FIELDS,
  type IdempotentCommand,
} from './idempotency';
export { migrateToLatest, type Migration } from './migrations';
export { Outbox, OutboxEvents } from './outbox';
export { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
export { persistenceMigrations } from './persistence-migrations';
export { isForeignKeyViolation, isInvalidTextRepresentation, isUniqueViolation } from './pg-errors';
export { DatabaseUnavailableError, isDatabaseUnavailable } from './database-unavailable';
export { claimMessage } from './processed-messages';
export { PostgresRedeliveryLedger } from './redelivery-ledger';
export { requestHash, stableJson } from './stable-json';
export type {
  IdempotencyKeysTable,
  OutboxTable,
  PersistenceTables,
  ProcessedMessagesTable,
} from './tables';
export { createRetiredIdsTable, isRetired, lockId, retireId } from './retired-ids';
export { pruneDeduplicationRecords } from './retention';
export { containsPattern, escapeLike } from './like-pattern';
export { selectPage } from './select-page';
