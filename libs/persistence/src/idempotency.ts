import { sql, type Kysely, type Transaction } from 'kysely';
import { DomainError } from '@medicalink/errors';
import { OutboxEvents } from './outbox';
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
  /**
   * The caller-chosen id of what the work creates: locked and checked against the retired ids
   * (as lockId then isRetired would) by the statement that claims the key, before the work;
   * a retired id throws `retired()` instead of running the work. Needs a retired_ids table.
   */
  createsId?: { id: string; retired: () => Error };
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
 *
 * Round trips: BEGIN, one statement claiming the key (and locking and checking `createsId`),
 * the work's own, one statement storing the reply with the `events` the work added, COMMIT.
 */
export async function runIdempotent<DB extends PersistenceTables, T>(
  db: Kysely<DB>,
  command: IdempotentCommand,
  work: (trx: Transaction<DB>, events: OutboxEvents) => Promise<T>,
): Promise<T> {
  const { key, createsId } = command;
  const hash =
    key === undefined ? null : idempotencyRequestHash(command.request, command.secretFields);
  return db.transaction().execute(async (trx) => {
    if (key !== undefined || createsId) {
      const { rows } = await sql<ClaimRow>`
        SELECT claimed, request_hash, response, retired
        FROM persistence_claim_command(${command.command}, ${key ?? null}, ${hash}, ${createsId?.id ?? null})
      `.execute(trx);
      const claim = rows[0];
      if (!claim) throw new Error(`idempotency key "${key}" vanished while it was claimed`);
      if (!claim.claimed) return replay<T>(command, claim, hash);
      if (claim.retired && createsId) throw createsId.retired();
    }
    const events = new OutboxEvents();
    const reply = await work(trx, events);
    if (key === undefined) {
      await events.insert(trx);
      return reply;
    }
    const response = JSON.stringify(reply ?? null);
    const insertion = events.insertion();
    const store = sql`UPDATE idempotency_keys SET response = ${response}::jsonb
      WHERE command = ${command.command} AND key = ${key}`;
    await (insertion ? sql`WITH events AS (${insertion}) ${store}` : store).execute(trx);
    return JSON.parse(response) as T;
  });
}

interface ClaimRow {
  claimed: boolean;
  request_hash: string | null;
  response: unknown;
  retired: boolean;
}

/** The stored reply of a key claimed before, if the request is the one it was bound to. */
function replay<T>(command: IdempotentCommand, stored: ClaimRow, hash: string | null): T {
  if (stored.request_hash !== LEGACY_REQUEST_HASH && stored.request_hash !== hash) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      `Idempotency key "${command.key}" was already used for a different ${command.command} request`,
      422,
    );
  }
  return stored.response as T;
}
