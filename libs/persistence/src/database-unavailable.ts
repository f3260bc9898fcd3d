import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { DomainError } from '@medicalink/errors';
import { StatementNames } from './statement-names';

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

/** pg's own flags (undocumented; pg-pool reads them too) of a client whose connection is gone. */
interface ClientFlags {
  _queryable?: boolean;
  _ending?: boolean;
  _ended?: boolean;
}

function isDead(client: PoolClient): boolean {
  const flags = client as unknown as ClientFlags;
  return flags._queryable === false || flags._ending === true || flags._ended === true;
}

/**
 * admin_shutdown, crash_shutdown, cannot_connect_now: the server ended the session (a restart,
 * a terminated backend) instead of answering, which rolls back whatever the statement did.
 */
const SESSION_ENDED_CODES = new Set(['57P01', '57P02', '57P03']);

/**
 * Whether a statement failed because its connection was already gone, so it did not take
 * effect: pg refused to send it (the connection was known dead), or the server answered it
 * by ending the session.
 */
function diedBeforeRunning(error: unknown): boolean {
  if (error instanceof Error && /not queryable/.test(error.message)) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SESSION_ENDED_CODES.has(code);
}

/**
 * One checkout of a pooled connection, as Kysely uses it: statements, then release. Its first
 * statement, if it failed only because the connection had died with the database (see
 * diedBeforeRunning), is sent once more on a fresh connection; a later statement may belong
 * to a transaction begun on the dead connection, so it only fails. A connection that failed
 * for unavailability is destroyed on release instead of going back to the pool.
 */
class CheckedOutClient {
  private statements = 0;
  private broken = false;

  constructor(
    private client: PoolClient,
    private readonly fresh: () => Promise<PoolClient>,
    private readonly counted: () => void,
    private readonly names: StatementNames,
  ) {}

  async query(sql: string, parameters: readonly unknown[]): Promise<unknown> {
    const first = this.statements === 0;
    this.statements += 1;
    try {
      return await this.send(sql, parameters);
    } catch (error) {
      if (!first || !diedBeforeRunning(error)) throw translateQueryError(error);
      this.client.release(new Error('connection died with the database'));
      this.broken = false;
      this.client = await this.fresh();
      return this.send(sql, parameters).catch((again: unknown) => {
        throw translateQueryError(again);
      });
    }
  }

  release(): void {
    // pg-pool destroys a client released with an error instead of pooling it again.
    this.client.release(this.broken ? new Error('connection lost') : undefined);
  }

  private async send(sql: string, parameters: readonly unknown[]): Promise<unknown> {
    this.counted();
    try {
      const name = this.names.nameFor(sql, parameters.length);
      return await (name === undefined
        ? this.client.query(sql, parameters as unknown[])
        : this.client.query({ name, text: sql, values: parameters as unknown[] }));
    } catch (error) {
      if (isDatabaseUnavailable(error) || diedBeforeRunning(error) || isDead(this.client))
        this.broken = true;
      throw error;
    }
  }
}

/**
 * The pool as Kysely sees it, with every failure to connect, and every query error that means
 * the database is unavailable, turned into a DatabaseUnavailableError, so callers get a 503
 * instead of an internal error. All other errors pass unchanged. A connection that died with
 * the database is discarded, never handed out again, and a statement it failed before running
 * is retried once on a fresh connection (CheckedOutClient). Statements are sent prepared under
 * the names `names` gives them.
 */
export function reportingUnavailability(
  pool: Pool,
  countStatement: () => void = () => undefined,
  names = new StatementNames(),
): PostgresPool {
  const checkout = async (): Promise<PoolClient> => {
    // Whatever fails a connect (refused, timed out, shutting down, even a bad password),
    // the database cannot serve this service now.
    const client = await pool.connect().catch((error: unknown) => {
      throw new DatabaseUnavailableError(error, 'connect');
    });
    if (!isDead(client)) return client;
    client.release(new Error('connection died while pooled'));
    return checkout();
  };
  return {
    // A new object per checkout (Kysely then keeps one small connection object per checkout),
    // so a retried statement can move the checkout to a fresh client.
    async connect() {
      const checkedOut = new CheckedOutClient(await checkout(), checkout, countStatement, names);
      return checkedOut as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

function translateQueryError(error: unknown): unknown {
  // pg refuses to send on a connection it knows is gone: nothing ran, safe to try again.
  if (error instanceof Error && /not queryable/.test(error.message)) {
    return new DatabaseUnavailableError(error, 'connect');
  }
  return isDatabaseUnavailable(error) ? new DatabaseUnavailableError(error, 'query') : error;
}
