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
  /**
   * Keys (at any depth) left out of the stored request hash, so the hash cannot be used to test
   * guesses of them; default SECRET_REQUEST_FIELDS.
   */
  secretFields?: readonly string[];
}

/** Never part of a stored request hash: a reader of the table could test guesses at hash speed. */
export const SECRET_REQUEST_FIELDS: readonly string[] = [
  'password',
  'currentPassword',
  'newPassword',
];

/** Hashes written before secret fields were left out; such a row is not compared (it expires with retention). */
export const LEGACY_REQUEST_HASH = '';

/** The hash a key is bound to: the request's stable JSON without its secret fields. */
export function idempotencyRequestHash(
  request: unknown,
  secretFields: readonly string[] = SECRET_REQUEST_FIELDS,
): string {
  return requestHash(withoutFields(request, new Set(secretFields)));
}

function withoutFields(value: unknown, fields: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutFields(item, fields));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !fields.has(key))
      .map(([key, item]) => [key, withoutFields(item, fields)]),
  );
}

/**
 * Runs `work` at most once per (command, key) and returns the same reply to every retry.
 * The key row is inserted first, in the same transaction as the work: a concurrent
 * duplicate blocks on the primary key until the first commits (then replays its reply)
 * or rolls back (then runs the work itself). If `work` throws, nothing is stored.
 *
 * The stored hash leaves the request's secret fields out (see SECRET_REQUEST_FIELDS), and the
 * reply must not carry them either: nothing in the table tests a password guess.
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
  const hash = idempotencyRequestHash(command.request, command.secretFields);
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
      if (stored.request_hash !== LEGACY_REQUEST_HASH && stored.request_hash !== hash) {
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
