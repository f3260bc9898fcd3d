import {
  createDatabase,
  databaseUrl,
  ensureDatabase,
  migrateToLatest,
  OutboxRelay,
  persistenceMigrations,
  pruneDeduplicationRecords,
  sql,
  type Kysely,
  type Migration,
  type PersistenceTables,
} from '@medicalink/persistence';
import type { EventPublisher } from '@medicalink/messaging';
import { createLogger, type Logger } from '@medicalink/observability';

export interface DatabaseOptions {
  /** URL of the PostgreSQL server (any database on it; the app's own is created if missing) */
  serverUrl: string;
  name: string;
  migrations: Record<string, Migration>;
}

export interface ServiceDatabase {
  db: Kysely<PersistenceTables>;
  relay: OutboxRelay;
  ping: () => Promise<void>;
  close(): Promise<void>;
}

/** Idempotency keys and message claims are kept this long (a retry a week late is not expected). */
const DEDUPLICATION_RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_INTERVAL_MS = 3_600_000;

/** Creates the app's database if missing and applies its pending migrations. */
export async function prepareDatabase(
  options: DatabaseOptions,
  logger: Logger,
): Promise<Kysely<PersistenceTables>> {
  if (await ensureDatabase(options.serverUrl, options.name)) {
    logger.info({ database: options.name }, 'created database');
  }
  const db = createDatabase<PersistenceTables>(databaseUrl(options.serverUrl, options.name));
  const applied = await migrateToLatest(db, { ...persistenceMigrations, ...options.migrations });
  if (applied.length > 0) logger.info({ database: options.name, applied }, 'applied migrations');
  return db;
}

/** The app's migrated database and its outbox relay. */
export async function openServiceDatabase(
  options: DatabaseOptions,
  publisher: EventPublisher,
  logger: Logger,
): Promise<ServiceDatabase> {
  const db = await prepareDatabase(options, logger);
  const relay = new OutboxRelay(db, publisher, logger);
  const pruning = setInterval(() => {
    pruneDeduplicationRecords(db, DEDUPLICATION_RETENTION_MS).catch((error: unknown) =>
      logger.warn({ err: (error as Error).message }, 'pruning old idempotency records failed'),
    );
  }, PRUNE_INTERVAL_MS).unref();
  return {
    db,
    relay,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      clearInterval(pruning);
      await relay.stop();
      await db.destroy();
    },
  };
}

/** For `npm run db:migrate`: migrate one app's database and exit. */
export function migrateFromMain(app: string, options: DatabaseOptions): void {
  const logger = createLogger({ service: app });
  prepareDatabase(options, logger)
    .then(async (db) => {
      logger.info({ database: options.name }, 'database is up to date');
      await db.destroy();
    })
    .catch((error: unknown) => {
      logger.error({ err: error }, 'migration failed');
      process.exitCode = 1;
    });
}
