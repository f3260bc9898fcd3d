import { counter } from '@medicalink/observability';

/**
 * SQL statements this process sent, by database (BEGIN and COMMIT included: each is a round trip
 * and a statement for the server). Counted at the driver so that it works on any server, since
 * pg_stat_statements needs a preload that a fresh machine does not have; bench:saga reads it from
 * /metrics to print statements per operation.
 */
const statements = counter({
  name: 'db_statements_total',
  help: 'SQL statements sent to PostgreSQL, by database (BEGIN and COMMIT included)',
  labelNames: ['database'],
});

/** A function counting one statement for `url`'s database (the label is computed once). */
export function statementCounter(url: string): () => void {
  const database = databaseOf(url);
  const child = statements.labels({ database });
  return () => child.inc();
}

function databaseOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || 'default';
  } catch {
    return 'unknown';
  }
}
