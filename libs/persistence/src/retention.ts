import { sql, type Kysely } from 'kysely';
import type { PersistenceTables } from './tables';

/**
 * Forgets idempotency keys, processed-message claims and redelivery counts older than `olderThanMs`:
 * a retry or redelivery that late is not expected, and the tables would grow forever.
 * Returns how many rows went.
 */
export async function pruneDeduplicationRecords<DB extends PersistenceTables>(
  appDb: Kysely<DB>,
  olderThanMs: number,
): Promise<number> {
  const db = appDb as unknown as Kysely<PersistenceTables>;
  const cutoff = sql<Date>`now() - ${olderThanMs} * interval '1 millisecond'`;
  const results = await Promise.all([
    db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst(),
    db.deleteFrom('processed_messages').where('processed_at', '<', cutoff).executeTakeFirst(),
    db.deleteFrom('redelivered_messages').where('last_at', '<', cutoff).executeTakeFirst(),
  ]);
  return results.reduce((sum, result) => sum + Number(result.numDeletedRows), 0);
}
