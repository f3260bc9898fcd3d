import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import { createLogger, type Logger } from '@medicalink/observability';
import { reportingUnavailability } from './database-unavailable';
import { statementCounter } from './statement-count';

export interface CreateDatabaseOptions {
  /** pool size; default 10 */
  maxConnections?: number;
  /** how long a query may wait for a free or new connection; default 5 s */
  connectionTimeoutMs?: number;
  /** where pool errors are logged */
  logger?: Logger;
}

/** A Kysely instance over a `pg` pool. Call `destroy()` on shutdown to end the pool. */
export function createDatabase<DB>(url: string, options: CreateDatabaseOptions = {}): Kysely<DB> {
  const pool = new Pool({
    connectionString: url,
    types: { getTypeParser: typeParser },
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
  });
  // pg reports a connection that died as an 'error' event: on the pool while its client is
  // idle, on the client itself while it is checked out (the query in flight fails as well).
  // Unheard, either event would end the process; the next query simply gets a new connection.
  const logger = options.logger ?? createLogger({ service: 'persistence', pretty: false });
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      logger.warn({ err: error.message }, 'PostgreSQL connection failed');
    });
  });
  pool.on('error', () => undefined); // logged by the client's own listener above
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool: reportingUnavailability(pool, statementCounter(url)) }),
  });
}

const DATE_OID = 1082;

/**
 * `date` columns stay 'YYYY-MM-DD' strings: pg's default turns them into a
 * Date at local midnight, which shifts the day in any timezone west of UTC.
 */
const typeParser = ((oid: number, format?: 'text' | 'binary'): unknown =>
  oid === DATE_OID
    ? (value: string) => value
    : types.getTypeParser(oid, format)) as typeof types.getTypeParser;
