import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { DomainError } from '@medicalink/errors';

/** Socket errors of a connection to the server that was refused, reset or timed out. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections. */
const SERVER_UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** pg's own errors for a lost connection and pg-pool's for none to be had in time. */
const CLIENT_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/;

/**
 * Whether `error` means the database cannot serve now (down, restarting, full, unreachable),
 * as opposed to a query it refused. SQLSTATE class 08 is "connection exception".
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (code.startsWith('08') || SERVER_UNAVAILABLE_CODES.has(code) || NETWORK_CODES.has(code))
      return true;
  }
  return error instanceof Error && CLIENT_MESSAGES.test(error.message);
}

const UNAVAILABLE = {
  /** no connection could be had: nothing ran, so trying again is safe */
  connect: ['DATABASE_UNAVAILABLE', 'The database is unavailable; try again later'],
  /** the connection died during a query, perhaps its COMMIT: the change may have been made */
  query: [
    'DATABASE_CONNECTION_LOST',
    'The connection to the database was lost; the change may or may not have been made',
  ],
} as const;

/**
 * 503, retryable; DATABASE_CONNECTION_LOST is ambiguous, so callers retry it only with an
 * idempotency key (AMBIGUOUS_CODES). The reason (which may name hosts) stays in the details,
 * which the gateway does not show for a 503.
 */
export class DatabaseUnavailableError extends DomainError {
  constructor(cause: unknown, during: keyof typeof UNAVAILABLE) {
    const [code, message] = UNAVAILABLE[during];
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(code, message, 503, { reason }, true);
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * The pool as Kysely sees it, with every failure to connect, and every query error that means
 * the database is unavailable, turned into a DatabaseUnavailableError, so callers get a 503
 * instead of an internal error. All other errors pass unchanged.
 */
export function reportingUnavailability(pool: Pool): PostgresPool {
  // One wrapper per client: Kysely keeps its connection object per client it is handed.
  const clients = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => ({
    // Kysely calls query(sql, parameters) only: no cursor is configured, so no streaming.
    query: ((sql: string, parameters: readonly unknown[]) =>
      client
        .query(sql, parameters as unknown[])
        .catch(translateQueryError)) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });
  return {
    async connect() {
      // Whatever fails a connect (refused, timed out, shutting down, even a bad password),
      // the database cannot serve this service now.
      const client = await pool.connect().catch((error: unknown) => {
        throw new DatabaseUnavailableError(error, 'connect');
      });
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = wrap(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

function translateQueryError(error: unknown): never {
  throw isDatabaseUnavailable(error) ? new DatabaseUnavailableError(error, 'query') : error;
}
