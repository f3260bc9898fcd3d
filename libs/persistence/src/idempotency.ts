import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '@medicalink/errors';
import { requestHash } from './stable-json';
import type { PersistenceTables } from './tables';

export interface IdempotentCommand {
  /** the operation, e.g. the RPC pattern */
  command: string;
  /** the caller's idempotency key; without one the work simply runs in a transaction */
  key: string | undefined;
  /** what the key is bound to: the same key with another request is refused */
  request: unknown;
}

/**
 * Runs `work` at most once per (command, key) and returns the same reply to every retry.
 * The key row is inserted first, in the same transaction as the work: a concurrent
 * duplicate blocks on the primary key until the first commits (then replays its reply)
 * or rolls back (then runs the work itself). If `work` throws, nothing is stored.
 *
 * The reply is stored as JSON and returned as read back from JSON, so the first call and
 * every replay return equal values: return plain JSON data (no Dates, no class instances).
 */
export async function runIdempotent<DB extends PersistenceTables, T>(
  db: Kysely<DB>,
  command: IdempotentCommand,
  work: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  const { key } = command;
  if (key === undefined) return db.transaction().execute(work);
  const hash = requestHash(command.request);
  return db.transaction().execute(async (trx) => {
    const own = trx as unknown as Transaction<PersistenceTables>;
    const inserted = await own
      .insertInto('idempotency_keys')
      .values({ command: command.command, key: key, request_hash: hash, response: null })
      .onConflict((conflict) => conflict.columns(['command', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!inserted) {
      const stored = await own
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'response'])
        .where('command', '=', command.command)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (stored.request_hash !== hash) {
        throw new DomainError(
          'IDEMPOTENCY_KEY_REUSED',
          `Idempotency key "${key}" was already used for a different ${command.command} request`,
          422,
        );
      }
      return stored.response as T;
    }
    const response = JSON.stringify((await work(trx)) ?? null);
    await own
      .updateTable('idempotency_keys')
      .set({ response })
      .where('command', '=', command.command)
      .where('key', '=', key)
      .execute();
    return JSON.parse(response) as T;
  });
}
