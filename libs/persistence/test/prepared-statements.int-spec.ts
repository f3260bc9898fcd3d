import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace } from '@medicalink/testing';
import { createDatabase, databaseUrl, ensureDatabase, sql, type Kysely } from '../src/index';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'dbprep');
interface Tables {
  notes: { id: number; body: string; extra?: string | null };
}
/** One connection, so that pg_prepared_statements (per session) shows what the pool prepared. */
let db: Kysely<Tables>;

beforeAll(async () => {
  const name = namespace.database('prepared');
  await ensureDatabase(infrastructure.postgresUrl, name);
  db = createDatabase<Tables>(databaseUrl(infrastructure.postgresUrl, name), { maxConnections: 1 });
  await sql`CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)`.execute(db);
});

afterAll(async () => {
  await db?.destroy();
  await namespace.cleanup();
});

const prepared = async () =>
  (
    await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db)
  ).rows.map((row) => row.statement);

describe('statements sent prepared', () => {
  it('prepares each parameterized statement once per connection, in transactions too', async () => {
    for (const id of [1, 2, 3]) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('notes')
          .values({ id, body: `note ${id}` })
          .execute();
      });
    }
    const byId = (id: number) => db.selectFrom('notes').select('body').where('id', '=', id);
    expect(await byId(2).executeTakeFirst()).toEqual({ body: 'note 2' });
    expect(await byId(3).executeTakeFirst()).toEqual({ body: 'note 3' });

    const statements = await prepared();
    expect(statements.filter((text) => text.startsWith('insert into "notes"'))).toHaveLength(1);
    expect(statements.filter((text) => text.startsWith('select "body" from "notes"'))).toHaveLength(
      1,
    );
    expect(statements.some((text) => /^(begin|commit)/i.test(text))).toBe(false);
  });

  it('sends every-column reads unnamed, so a column added later shows in them', async () => {
    const all = () => db.selectFrom('notes').selectAll().where('id', '=', 1).executeTakeFirst();
    expect(await all()).toEqual({ id: 1, body: 'note 1' });
    await sql`ALTER TABLE notes ADD COLUMN extra text`.execute(db);
    expect(await all()).toEqual({ id: 1, body: 'note 1', extra: null });
    expect((await prepared()).some((text) => text.includes('select *'))).toBe(false);
    // A prepared statement naming its columns is unaffected by the new column.
    const body = await db.selectFrom('notes').select('body').where('id', '=', 1).executeTakeFirst();
    expect(body).toEqual({ body: 'note 1' });
  });

  it('reports a failed prepared statement as PostgreSQL does, and runs it once fixed', async () => {
    await expect(
      db.insertInto('notes').values({ id: 1, body: 'again' }).execute(),
    ).rejects.toMatchObject({ code: '23505' });
    await db.insertInto('notes').values({ id: 4, body: 'note 4' }).execute();
    expect(await db.selectFrom('notes').select('id').where('id', '=', 4).execute()).toEqual([
      { id: 4 },
    ]);
  });
});
