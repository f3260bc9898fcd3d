import { Kysely, PostgresDialect } from 'kysely';
import { Pool, types } from 'pg';
import { createLogger, type Logger } from '@medicalink/observability';

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
  // An idle client whose server connection dies emits 'error' on the pool; unhandled, it would
  // crash the process. The next query simply gets a new connection.
  const logger = options.logger ?? createLogger({ service: 'persistence', pretty: false });
  pool.on('error', (error) => {
    logger.warn({ err: error.message }, 'idle PostgreSQL connection failed');
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
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
