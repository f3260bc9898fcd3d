import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';

/** Creates the table of ids that were deleted and may never be created again. */
export async function createRetiredIdsTable<DB>(db: Kysely<DB>): Promise<void> {
  await db.schema
    .createTable('retired_ids')
    .addColumn('id', 'uuid', (col) => col.primaryKey())
    .addColumn('retired_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

/**
 * Serializes create and delete of one caller-chosen id. A create that arrives
 * after its compensating delete (a request that waited in a queue, say) then
 * finds the id retired instead of bringing the entity back as an orphan.
 * Both must run inside the transaction that makes the change.
 */
export async function lockId(trx: QueryExecutorProvider, id: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${id}, 0))`.execute(trx);
}

/** Records that `id` was deleted; call after lockId, with the delete. */
export async function retireId(trx: QueryExecutorProvider, id: string): Promise<void> {
  await sql`INSERT INTO retired_ids (id) VALUES (${id}::uuid) ON CONFLICT DO NOTHING`.execute(trx);
}

/**
 * Whether `id` was deleted before; call after lockId, before creating with it. A statement
 * of its own on purpose: its snapshot is taken after the lock is held, so it sees a delete
 * that committed while this transaction waited for the lock.
 */
export async function isRetired(trx: QueryExecutorProvider, id: string): Promise<boolean> {
  const { rows } = await sql<{
    found: number;
  }>`SELECT 1 AS found FROM retired_ids WHERE id = ${id}::uuid`.execute(trx);
  return rows.length > 0;
}
