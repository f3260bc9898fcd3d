import { Migrator, type Kysely } from 'kysely';

export interface Migration {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before (and change) the typed schema
  up(db: Kysely<any>): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  down?(db: Kysely<any>): Promise<void>;
}

/**
 * Applies, in name order and in one transaction, every migration not applied yet.
 * Concurrent callers are serialized by Kysely's migration lock. Returns the names applied.
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any app's schema
  db: Kysely<any>,
  migrations: Record<string, Migration>,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // The library's migrations and an app's are two sets merged by name: a table the library
    // adds later sorts before the app's migrations a database may already have.
    allowUnorderedMigrations: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(
      failed
        ? `migration ${failed.migrationName} failed: ${reason}`
        : `migrations failed: ${reason}`,
      { cause: error },
    );
  }
  return results.filter((result) => result.status === 'Success').map((r) => r.migrationName);
}
