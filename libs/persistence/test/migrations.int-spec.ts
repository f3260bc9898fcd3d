import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import {
  createDatabase,
  databaseUrl,
  ensureDatabase,
  migrateToLatest,
  persistenceMigrations,
  sql,
  type Kysely,
  type Migration,
} from '../src/index';
import { testMigrations } from './fixtures';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'migr');
const server = infrastructure.postgresUrl;
const opened: Kysely<unknown>[] = [];

afterAll(async () => {
  await Promise.all(opened.map((db) => db.destroy()));
  await namespace.cleanup();
});

async function freshDatabase(app: string): Promise<Kysely<unknown>> {
  await ensureDatabase(server, namespace.database(app));
  const db = createDatabase<unknown>(databaseUrl(server, namespace.database(app)));
  opened.push(db);
  return db;
}

async function tableNames(db: Kysely<unknown>): Promise<string[]> {
  const result = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  return result.rows.map((row) => row.tablename).filter((name) => !name.startsWith('kysely_'));
}

describe('migrateToLatest', () => {
  const all = { ...persistenceMigrations, ...testMigrations };

  it('applies every migration once; a second run applies nothing', async () => {
    const db = await freshDatabase('once');
    expect(await migrateToLatest(db, all)).toEqual([
      ...Object.keys(persistenceMigrations),
      '0001_effects',
    ]);
    expect(await tableNames(db)).toEqual([
      'effects',
      'idempotency_keys',
      'outbox',
      'processed_messages',
      'redelivered_messages',
    ]);
    expect(await migrateToLatest(db, all)).toEqual([]);
  });

  it("applies a library table added later to a database that has the app's migrations", async () => {
    const db = await freshDatabase('later');
    const { '0000_persistence_tables': first } = persistenceMigrations;
    await migrateToLatest(db, { '0000_persistence_tables': first!, ...testMigrations });

    expect(await migrateToLatest(db, all)).toEqual([
      '0000_persistence_tables_2_redelivered_messages',
      '0000_persistence_tables_3_blank_request_hashes',
      '0000_persistence_tables_4_outbox_traceparent',
      '0000_persistence_tables_5_claim_command',
    ]);
  });

  it('applies each migration once when several instances start together', async () => {
    await freshDatabase('together');
    const instances = Array.from({ length: 3 }, () =>
      createDatabase<unknown>(databaseUrl(server, namespace.database('together'))),
    );
    opened.push(...instances);
    const applied = await Promise.all(instances.map((db) => migrateToLatest(db, all)));
    expect(applied.flat().sort()).toEqual([...Object.keys(persistenceMigrations), '0001_effects']);
  });

  it('names the migration that failed and leaves the run unapplied, so a fix can rerun it', async () => {
    const db = await freshDatabase('broken');
    const broken: Migration = {
      async up(migrating) {
        await sql`SELECT * FROM no_such_table`.execute(migrating);
      },
    };
    await expect(migrateToLatest(db, { ...all, '0002_broken': broken })).rejects.toThrow(
      /migration 0002_broken failed: .*no_such_table/,
    );
    expect(await tableNames(db)).toEqual([]);
    expect(await migrateToLatest(db, all)).toEqual([
      ...Object.keys(persistenceMigrations),
      '0001_effects',
    ]);
  });
});
