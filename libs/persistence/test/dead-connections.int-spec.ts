import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestNamespace, proxyInFrontOf, type TcpProxy } from '@medicalink/testing';
import { createDatabase, databaseUrl, ensureDatabase, sql, type Kysely } from '../src/index';

const infrastructure = inject('infrastructure');
const namespace = createTestNamespace(infrastructure, 'dbdead');
const name = namespace.database('dead');
let proxy: TcpProxy;
let db: Kysely<Record<string, never>>;
/** a direct connection (not through the proxy) to end the test database's sessions from the server side */
let admin: Kysely<Record<string, never>>;

beforeAll(async () => {
  await ensureDatabase(infrastructure.postgresUrl, name);
  const postgres = await proxyInFrontOf(databaseUrl(infrastructure.postgresUrl, name), 5432);
  proxy = postgres.proxy;
  db = createDatabase(postgres.url, { connectionTimeoutMs: 2_000 });
  admin = createDatabase(infrastructure.postgresUrl);
  await sql`CREATE TABLE writes (id serial PRIMARY KEY, tag text NOT NULL)`.execute(db);
});

afterAll(async () => {
  await db?.destroy();
  await admin?.destroy();
  await proxy?.close();
  await namespace.cleanup();
});

/** Fills the pool with `n` connections, then leaves them idle. */
async function warmPool(n: number): Promise<void> {
  await Promise.all(Array.from({ length: n }, () => sql`select pg_sleep(0.05)`.execute(db)));
}

/** Ends every session of the test database, as a PostgreSQL restart does (57P01). */
async function endSessions(): Promise<number> {
  const { rows } = await sql<{ ended: boolean }>`
    SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
    WHERE datname = ${name} AND pid <> pg_backend_pid()
  `.execute(admin);
  return rows.length;
}

const selectOne = async () => (await sql<{ one: number }>`select 1 as one`.execute(db)).rows;

describe('connections that died with the database', () => {
  it('are discarded once cut by the network: the next statements get fresh ones', async () => {
    await warmPool(4);
    proxy.dropConnections();
    // Time for the pool to read the ends of its sockets (a loaded machine needs more than 50 ms).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const replies = await Promise.all(Array.from({ length: 4 }, selectOne));
    expect(replies).toEqual(Array.from({ length: 4 }, () => [{ one: 1 }]));
  });

  it('fail no statement sent right after the server ended them: each is retried once on a fresh one', async () => {
    await warmPool(4);
    expect(await endSessions()).toBeGreaterThanOrEqual(4);
    const tag = `restart-${Date.now()}`;
    // Sent at once: the pooled connections are dead, but their end may not have been read yet.
    const [inserted, ...selected] = await Promise.all([
      sql`INSERT INTO writes (tag) VALUES (${tag})`.execute(db),
      selectOne(),
      selectOne(),
      selectOne(),
    ]);
    expect(inserted.numAffectedRows).toBe(1n);
    expect(selected).toEqual([[{ one: 1 }], [{ one: 1 }], [{ one: 1 }]]);
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM writes WHERE tag = ${tag}`.execute(db);
    expect(rows).toEqual([{ n: 1 }]); // retried once, written once
  });

  it('does not retry a statement inside a transaction begun on the connection that died', async () => {
    const failure = await db
      .transaction()
      .execute(async (trx) => {
        await sql`INSERT INTO writes (tag) VALUES ('in-transaction')`.execute(trx);
        await endSessions();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await sql`INSERT INTO writes (tag) VALUES ('in-transaction')`.execute(trx);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ status: 503, retryable: true });
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM writes WHERE tag = 'in-transaction'`.execute(db);
    expect(rows).toEqual([{ n: 0 }]);
  });
});
